import { RetireOfficialAccount } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What retiring answers: the account's stream version after it. */
export interface RetireOfficialAccountResult {
  readonly accountId: string;
  readonly version: number;
}

export class RetireOfficialAccountCommand extends DomainCommand<
  typeof RetireOfficialAccount,
  RetireOfficialAccountResult
>(RetireOfficialAccount) {}
