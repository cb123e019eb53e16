import { reviewStreams } from '@yuqing/contracts';
import { DEFAULT_FINDING_POLICY, findingDecider } from '@yuqing/review-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import type { FindingAnswer } from '../findings-answer';
import { ConfirmFindingCommand } from './confirm-finding.command';

/** Confirms a finding (认定) under the policy in force: the reviewers of a unit above the department (第二十九条). */
@HandlesCommand(ConfirmFindingCommand)
export class ConfirmFindingHandler implements CommandHandling<ConfirmFindingCommand, FindingAnswer> {
  async handle(command: ConfirmFindingCommand, tx: CommandTransaction): Promise<FindingAnswer> {
    const { findingId } = command.payload;
    const result = await tx.decide(reviewStreams.finding.id(findingId), findingDecider, {
      kind: 'rule',
      findingId,
      outcome: 'confirmed',
      reason: command.payload.reason,
      by: { scope: tx.context.scope },
      now: tx.now,
      policy: DEFAULT_FINDING_POLICY,
    });
    return { findingId, version: result.nextExpectedVersion };
  }
}
