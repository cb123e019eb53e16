import { reviewStreams } from '@yuqing/contracts';
import { DEFAULT_FINDING_POLICY, findingDecider } from '@yuqing/review-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import type { FindingAnswer } from '../findings-answer';
import { DismissFindingCommand } from './dismiss-finding.command';

/** Dismisses a finding (不予认定) with the reason: it will not count in any rating. */
@HandlesCommand(DismissFindingCommand)
export class DismissFindingHandler implements CommandHandling<DismissFindingCommand, FindingAnswer> {
  async handle(command: DismissFindingCommand, tx: CommandTransaction): Promise<FindingAnswer> {
    const { findingId } = command.payload;
    const result = await tx.decide(reviewStreams.finding.id(findingId), findingDecider, {
      kind: 'rule',
      findingId,
      outcome: 'dismissed',
      reason: command.payload.reason,
      by: { scope: tx.context.scope },
      now: tx.now,
      policy: DEFAULT_FINDING_POLICY,
    });
    return { findingId, version: result.nextExpectedVersion };
  }
}
