import { Inject } from '@nestjs/common';
import { guidanceStreams, NotFoundError, ReleasePublished } from '@yuqing/contracts';
import { recordedRefusal, responseDecider } from '@yuqing/guidance-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { FIRST_RESPONSE } from '../watch-deadlines/first-response';
import { GuidanceDeadlines } from '../watch-deadlines/guidance-deadlines';
import { PublishReleaseCommand, type PublishAnswer } from './publish-release.command';

@HandlesCommand(PublishReleaseCommand)
export class PublishReleaseHandler implements CommandHandling<PublishReleaseCommand, PublishAnswer> {
  constructor(@Inject(GuidanceDeadlines) private readonly deadlines: GuidanceDeadlines) {}

  async handle({ payload, context }: PublishReleaseCommand, tx: CommandTransaction): Promise<PublishAnswer> {
    if (!context.orgUnit) throw new NotFoundError(`no response for incident ${payload.incidentId}`);
    const result = await tx.decide(
      guidanceStreams.response.id(payload.incidentId),
      responseDecider,
      {
        kind: 'publish-release',
        releaseId: payload.releaseId,
        url: payload.url,
        publishedAt: payload.publishedAt,
      },
      { metadata: { orgUnit: context.orgUnit } },
    );
    // A published release is the first response (速报事实): the incident's first-response deadline is settled.
    if (result.events.some((e) => e.type === ReleasePublished.type))
      await this.deadlines.clear(tx, FIRST_RESPONSE, payload.incidentId, tx.now);
    const answer = {
      incidentId: payload.incidentId,
      releaseId: payload.releaseId,
      version: result.nextExpectedVersion,
    };
    // A refused publication commits its record (ReleasePublicationRefused); the caller still gets the 422.
    const refused = recordedRefusal(result.events);
    return refused ? { ...answer, refused } : answer;
  }
}
