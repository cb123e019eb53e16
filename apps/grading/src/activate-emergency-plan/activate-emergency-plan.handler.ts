import { assessmentDecider } from '@yuqing/grading-domain';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { decideOnIncident, type DecisionResult } from '../incidents/grading-incidents';
import { ActivateEmergencyPlanCommand } from './activate-emergency-plan.command';

@HandlesCommand(ActivateEmergencyPlanCommand)
export class ActivateEmergencyPlanHandler {
  handle({ payload }: ActivateEmergencyPlanCommand, tx: CommandTransaction): Promise<DecisionResult> {
    const { incidentId, ...rest } = payload;
    return decideOnIncident(tx, incidentId, assessmentDecider, { kind: 'activate-emergency-plan', ...rest });
  }
}
