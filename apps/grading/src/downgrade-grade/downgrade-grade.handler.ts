import { incidentGradeDecider } from '@yuqing/grading-domain';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { decideOnIncident, type DecisionResult } from '../incidents/grading-incidents';
import { DowngradeGradeCommand } from './downgrade-grade.command';

@HandlesCommand(DowngradeGradeCommand)
export class DowngradeGradeHandler {
  handle({ payload }: DowngradeGradeCommand, tx: CommandTransaction): Promise<DecisionResult> {
    const { incidentId, ...decision } = payload;
    return decideOnIncident(tx, incidentId, incidentGradeDecider, { kind: 'downgrade', ...decision });
  }
}
