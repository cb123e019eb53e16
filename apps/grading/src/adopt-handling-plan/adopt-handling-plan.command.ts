import { AdoptHandlingPlan } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { DecisionResult } from '../incidents/grading-incidents';

export class AdoptHandlingPlanCommand extends DomainCommand<typeof AdoptHandlingPlan, DecisionResult>(
  AdoptHandlingPlan,
) {}
