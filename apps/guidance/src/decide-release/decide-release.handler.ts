import { Inject } from '@nestjs/common';
import { guidanceStreams, optional } from '@yuqing/contracts';
import { responseDecider, type GuidancePolicy } from '@yuqing/guidance-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import type { ReleaseAnswer } from '../prepare-release/prepare-release.command';
import { GUIDANCE_POLICY } from '../response-policy';
import { ResponsesReadModel } from '../read-models/responses/responses.read-model';
import { DecideReleaseCommand } from './decide-release.command';
import { incidentUnit } from './incident-unit';

@HandlesCommand(DecideReleaseCommand)
export class DecideReleaseHandler implements CommandHandling<DecideReleaseCommand, ReleaseAnswer> {
  constructor(
    @Inject(ResponsesReadModel) private readonly responses: ResponsesReadModel,
    @Inject(GUIDANCE_POLICY) private readonly policy: GuidancePolicy,
  ) {}

  async handle({ payload, approver }: DecideReleaseCommand, tx: CommandTransaction): Promise<ReleaseAnswer> {
    const orgUnit = await incidentUnit(this.responses, tx, payload.incidentId);
    const result = await tx.decide(
      guidanceStreams.response.id(payload.incidentId),
      responseDecider,
      {
        kind: 'decide-release',
        releaseId: payload.releaseId,
        decision: payload.decision,
        ...optional('reason', payload.reason),
        approver,
        policy: this.policy,
      },
      { metadata: { orgUnit } },
    );
    return {
      incidentId: payload.incidentId,
      releaseId: payload.releaseId,
      version: result.nextExpectedVersion,
    };
  }
}
