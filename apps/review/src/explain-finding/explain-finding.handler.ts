import { reviewStreams } from '@yuqing/contracts';
import { findingDecider } from '@yuqing/review-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import type { FindingAnswer } from '../findings-answer';
import { ExplainFindingCommand } from './explain-finding.command';

/** Records the department's explanation (情况说明) of its own finding. */
@HandlesCommand(ExplainFindingCommand)
export class ExplainFindingHandler implements CommandHandling<ExplainFindingCommand, FindingAnswer> {
  async handle(command: ExplainFindingCommand, tx: CommandTransaction): Promise<FindingAnswer> {
    const { findingId } = command.payload;
    const result = await tx.decide(reviewStreams.finding.id(findingId), findingDecider, {
      kind: 'explain',
      findingId,
      explanation: command.payload.explanation,
      by: { scope: tx.context.scope },
    });
    return { findingId, version: result.nextExpectedVersion };
  }
}
