import { reviewStreams } from '@yuqing/contracts';
import { DEFAULT_FINDING_POLICY, findingDecider } from '@yuqing/review-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import type { FindingAnswer } from '../findings-answer';
import { DecideAppealCommand } from './decide-appeal.command';

/** Decides an appeal: upheld (维持认定) or overturned (撤销认定). */
@HandlesCommand(DecideAppealCommand)
export class DecideAppealHandler implements CommandHandling<DecideAppealCommand, FindingAnswer> {
  async handle(command: DecideAppealCommand, tx: CommandTransaction): Promise<FindingAnswer> {
    const { findingId } = command.payload;
    const result = await tx.decide(reviewStreams.finding.id(findingId), findingDecider, {
      kind: 'decide-appeal',
      findingId,
      outcome: command.payload.outcome,
      reason: command.payload.reason,
      by: { scope: tx.context.scope },
      policy: DEFAULT_FINDING_POLICY,
    });
    return { findingId, version: result.nextExpectedVersion };
  }
}
