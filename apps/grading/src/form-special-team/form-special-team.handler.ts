import { assessmentDecider } from '@yuqing/grading-domain';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { decideOnIncident, type DecisionResult } from '../incidents/grading-incidents';
import { FormSpecialTeamCommand } from './form-special-team.command';

@HandlesCommand(FormSpecialTeamCommand)
export class FormSpecialTeamHandler {
  handle({ payload }: FormSpecialTeamCommand, tx: CommandTransaction): Promise<DecisionResult> {
    const { incidentId, ...rest } = payload;
    const teamId = tx.newId();
    return decideOnIncident(
      tx,
      incidentId,
      assessmentDecider,
      { kind: 'form-special-team', teamId, ...rest },
      { teamId },
    );
  }
}
