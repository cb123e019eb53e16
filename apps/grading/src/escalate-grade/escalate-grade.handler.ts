import { incidentGradeDecider } from '@yuqing/grading-domain';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { decideOnIncident, type DecisionResult } from '../incidents/grading-incidents';
import { EscalateGradeCommand } from './escalate-grade.command';

@HandlesCommand(EscalateGradeCommand)
export class EscalateGradeHandler {
  handle({ payload }: EscalateGradeCommand, tx: CommandTransaction): Promise<DecisionResult> {
    const { incidentId, ...decision } = payload;
    return decideOnIncident(tx, incidentId, incidentGradeDecider, { kind: 'escalate', ...decision });
  }
}
