import { incidentGradeDecider } from '@yuqing/grading-domain';
import { HandlesCommand, type CommandTransaction, type EventReader } from '@yuqing/service-kit';
import { decideOnIncident, openProposalTrace, type DecisionResult } from '../incidents/grading-incidents';
import { ConfirmGradeCommand } from './confirm-grade.command';

@HandlesCommand(ConfirmGradeCommand)
export class ConfirmGradeHandler {
  handle({ payload }: ConfirmGradeCommand, tx: CommandTransaction): Promise<DecisionResult> {
    const { incidentId, ...decision } = payload;
    return decideOnIncident(tx, incidentId, incidentGradeDecider, { kind: 'confirm', ...decision });
  }

  /** An answer to the open proposal continues the proposal's trace (linked to the request's). */
  continues({ payload }: ConfirmGradeCommand, reader: EventReader) {
    return openProposalTrace(reader, payload.incidentId);
  }
}
