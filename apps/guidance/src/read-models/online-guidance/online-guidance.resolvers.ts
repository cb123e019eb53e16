import { Inject, Injectable } from '@nestjs/common';
import type { OrgUnitResolver } from '@yuqing/auth';
import { OnlineGuidanceReadModel } from './online-guidance.read-model';

/** The office a proposal is addressed to: whoever decides it must direct commentators there. */
@Injectable()
export class OnlineGuidanceApproverResolver implements OrgUnitResolver {
  constructor(@Inject(OnlineGuidanceReadModel) private readonly readModel: OnlineGuidanceReadModel) {}

  resolve(proposalId: string): Promise<string | undefined> {
    return this.readModel.approverUnitOf(proposalId);
  }
}

/** The unit a task's commentator serves in (the decider then checks it is their own task). */
@Injectable()
export class GuidanceTaskResolver implements OrgUnitResolver {
  constructor(@Inject(OnlineGuidanceReadModel) private readonly readModel: OnlineGuidanceReadModel) {}

  resolve(taskId: string): Promise<string | undefined> {
    return this.readModel.commentatorUnitOf(taskId);
  }
}
