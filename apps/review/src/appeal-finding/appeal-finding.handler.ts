import { reviewStreams } from '@yuqing/contracts';
import { findingDecider } from '@yuqing/review-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import type { FindingAnswer } from '../findings-answer';
import { AppealFindingCommand } from './appeal-finding.command';

/** Records the department's appeal (申诉) of a confirmed finding, within the time the confirmation gave. */
@HandlesCommand(AppealFindingCommand)
export class AppealFindingHandler implements CommandHandling<AppealFindingCommand, FindingAnswer> {
  async handle(command: AppealFindingCommand, tx: CommandTransaction): Promise<FindingAnswer> {
    const { findingId } = command.payload;
    const result = await tx.decide(reviewStreams.finding.id(findingId), findingDecider, {
      kind: 'appeal',
      findingId,
      grounds: command.payload.grounds,
      by: { scope: tx.context.scope },
      now: tx.now,
    });
    return { findingId, version: result.nextExpectedVersion };
  }
}
