import { FormSpecialTeam } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { DecisionResult } from '../incidents/grading-incidents';

export class FormSpecialTeamCommand extends DomainCommand<typeof FormSpecialTeam, DecisionResult>(
  FormSpecialTeam,
) {}
