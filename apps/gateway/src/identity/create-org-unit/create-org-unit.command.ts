import { CreateOrgUnit } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { OrgUnitView } from '../../read-models/directory/directory.read-model';

export class CreateOrgUnitCommand extends DomainCommand<typeof CreateOrgUnit, OrgUnitView>(CreateOrgUnit) {}
