import { RegisterOfficialAccount } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What registering answers: the new account's id and its stream version (If-Match of the next command). */
export interface RegisterOfficialAccountResult {
  readonly accountId: string;
  readonly version: number;
}

export class RegisterOfficialAccountCommand extends DomainCommand<
  typeof RegisterOfficialAccount,
  RegisterOfficialAccountResult
>(RegisterOfficialAccount) {}
