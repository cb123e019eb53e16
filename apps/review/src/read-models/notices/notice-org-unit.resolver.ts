import { Inject, Injectable } from '@nestjs/common';
import type { OrgUnitResolver } from '@yuqing/auth';
import { NoticesReadModel } from './notices.read-model';

/** The unit that issued a notice, for the guard. */
@Injectable()
export class NoticeOrgUnitResolver implements OrgUnitResolver {
  constructor(@Inject(NoticesReadModel) private readonly readModel: NoticesReadModel) {}

  resolve(noticeId: string): Promise<string | undefined> {
    return this.readModel.orgUnitOf(noticeId);
  }
}
