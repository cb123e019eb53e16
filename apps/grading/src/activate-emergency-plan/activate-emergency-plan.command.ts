import { ActivateEmergencyPlan } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { DecisionResult } from '../incidents/grading-incidents';

export class ActivateEmergencyPlanCommand extends DomainCommand<typeof ActivateEmergencyPlan, DecisionResult>(
  ActivateEmergencyPlan,
) {}
