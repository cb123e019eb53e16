import { CreateOrgUnit } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { OrgUnitView } from '../directory';

export class CreateOrgUnitCommand extends DomainCommand<typeof CreateOrgUnit, OrgUnitView>(CreateOrgUnit) {}
