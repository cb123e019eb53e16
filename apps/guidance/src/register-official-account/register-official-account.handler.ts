import { guidanceStreams } from '@yuqing/contracts';
import { accountDecider } from '@yuqing/guidance-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import {
  RegisterOfficialAccountCommand,
  type RegisterOfficialAccountResult,
} from './register-official-account.command';

/** Registers an official account of the unit the request concerns (the guard checked body.orgUnit). */
@HandlesCommand(RegisterOfficialAccountCommand)
export class RegisterOfficialAccountHandler implements CommandHandling<
  RegisterOfficialAccountCommand,
  RegisterOfficialAccountResult
> {
  async handle(
    command: RegisterOfficialAccountCommand,
    tx: CommandTransaction,
  ): Promise<RegisterOfficialAccountResult> {
    const { orgUnit, ...account } = command.payload;
    const accountId = tx.newId();
    const result = await tx.decide(
      guidanceStreams.account.id(accountId),
      accountDecider,
      { kind: 'register', accountId, account },
      { metadata: { orgUnit } },
    );
    return { accountId, version: result.nextExpectedVersion };
  }
}
