import { Inject, Injectable } from '@nestjs/common';
import type { OrgUnitResolver } from '@yuqing/auth';
import { WrittenRequestsReadModel } from './written-requests.read-model';

/** The unit a written request is addressed to: whoever answers it must hold the permission there. */
@Injectable()
export class WrittenRequestApproverResolver implements OrgUnitResolver {
  constructor(@Inject(WrittenRequestsReadModel) private readonly readModel: WrittenRequestsReadModel) {}

  resolve(requestId: string): Promise<string | undefined> {
    return this.readModel.approverUnitOf(requestId);
  }
}
