import { guidanceStreams, NotFoundError } from '@yuqing/contracts';
import { Inject } from '@nestjs/common';
import { responseDecider, type GuidancePolicy } from '@yuqing/guidance-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { GUIDANCE_POLICY } from '../response-policy';
import { PrepareReleaseCommand, type ReleaseAnswer } from './prepare-release.command';

@HandlesCommand(PrepareReleaseCommand)
export class PrepareReleaseHandler implements CommandHandling<PrepareReleaseCommand, ReleaseAnswer> {
  constructor(@Inject(GUIDANCE_POLICY) private readonly policy: GuidancePolicy) {}

  async handle({ payload, context }: PrepareReleaseCommand, tx: CommandTransaction): Promise<ReleaseAnswer> {
    if (!context.orgUnit) throw new NotFoundError(`no response for incident ${payload.incidentId}`);
    const { incidentId, ...release } = payload;
    const releaseId = tx.newId();
    const result = await tx.decide(
      guidanceStreams.response.id(incidentId),
      responseDecider,
      { kind: 'prepare-release', releaseId, release, policy: this.policy },
      { metadata: { orgUnit: context.orgUnit } },
    );
    return { incidentId, releaseId, version: result.nextExpectedVersion };
  }
}
