import { Inject, Injectable } from '@nestjs/common';
import type { OrgUnitResolver } from '@yuqing/auth';
import { OfficialAccountsReadModel } from './official-accounts.read-model';

/** The org unit that owns an official account, so the guard can check a caller's scope. */
@Injectable()
export class OfficialAccountOrgUnitResolver implements OrgUnitResolver {
  constructor(@Inject(OfficialAccountsReadModel) private readonly readModel: OfficialAccountsReadModel) {}

  resolve(accountId: string): Promise<string | undefined> {
    return this.readModel.orgUnitOf(accountId);
  }
}
