import { guidanceStreams } from '@yuqing/contracts';
import { accountDecider } from '@yuqing/guidance-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import {
  RetireOfficialAccountCommand,
  type RetireOfficialAccountResult,
} from './retire-official-account.command';

/** Deregisters an official account; If-Match, when sent, must be its current version. */
@HandlesCommand(RetireOfficialAccountCommand)
export class RetireOfficialAccountHandler implements CommandHandling<
  RetireOfficialAccountCommand,
  RetireOfficialAccountResult
> {
  async handle(
    command: RetireOfficialAccountCommand,
    tx: CommandTransaction,
  ): Promise<RetireOfficialAccountResult> {
    const { accountId, reason } = command.payload;
    const result = await tx.decide(guidanceStreams.account.id(accountId), accountDecider, {
      kind: 'retire',
      accountId,
      reason,
    });
    return { accountId, version: result.nextExpectedVersion };
  }
}
