import { incidentGradeDecider } from '@yuqing/grading-domain';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { decideOnIncident, type DecisionResult } from '../incidents/grading-incidents';
import { JudgeGenuinenessCommand } from './judge-genuineness.command';

@HandlesCommand(JudgeGenuinenessCommand)
export class JudgeGenuinenessHandler {
  handle({ payload }: JudgeGenuinenessCommand, tx: CommandTransaction): Promise<DecisionResult> {
    const { incidentId, ...decision } = payload;
    return decideOnIncident(tx, incidentId, incidentGradeDecider, { kind: 'judge-genuineness', ...decision });
  }
}
