import { incidentGradeDecider } from '@yuqing/grading-domain';
import { HandlesCommand, type CommandTransaction, type EventReader } from '@yuqing/service-kit';
import { decideOnIncident, openProposalTrace, type DecisionResult } from '../incidents/grading-incidents';
import { OverrideGradeCommand } from './override-grade.command';

@HandlesCommand(OverrideGradeCommand)
export class OverrideGradeHandler {
  handle({ payload }: OverrideGradeCommand, tx: CommandTransaction): Promise<DecisionResult> {
    const { incidentId, ...decision } = payload;
    return decideOnIncident(tx, incidentId, incidentGradeDecider, { kind: 'override', ...decision });
  }

  /** An answer to the open proposal continues the proposal's trace (linked to the request's). */
  continues({ payload }: OverrideGradeCommand, reader: EventReader) {
    return openProposalTrace(reader, payload.incidentId);
  }
}
