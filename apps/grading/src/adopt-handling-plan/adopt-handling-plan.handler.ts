import { assessmentDecider } from '@yuqing/grading-domain';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { decideOnIncident, type DecisionResult } from '../incidents/grading-incidents';
import { AdoptHandlingPlanCommand } from './adopt-handling-plan.command';

@HandlesCommand(AdoptHandlingPlanCommand)
export class AdoptHandlingPlanHandler {
  handle({ payload }: AdoptHandlingPlanCommand, tx: CommandTransaction): Promise<DecisionResult> {
    const { incidentId, ...rest } = payload;
    const planId = tx.newId();
    return decideOnIncident(
      tx,
      incidentId,
      assessmentDecider,
      { kind: 'adopt-plan', planId, ...rest },
      { planId },
    );
  }
}
