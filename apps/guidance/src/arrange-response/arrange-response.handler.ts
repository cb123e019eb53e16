import { guidanceStreams, optional } from '@yuqing/contracts';
import { Inject } from '@nestjs/common';
import { responseDecider, type GuidancePolicy } from '@yuqing/guidance-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { GUIDANCE_POLICY } from '../response-policy';
import { scheduleFirstResponse } from '../watch-deadlines/first-response';
import { GuidanceDeadlines } from '../watch-deadlines/guidance-deadlines';
import { ArrangeResponseCommand, type ResponseAnswer } from './arrange-response.command';

@HandlesCommand(ArrangeResponseCommand)
export class ArrangeResponseHandler implements CommandHandling<ArrangeResponseCommand, ResponseAnswer> {
  constructor(
    @Inject(GUIDANCE_POLICY) private readonly policy: GuidancePolicy,
    @Inject(GuidanceDeadlines) private readonly deadlines: GuidanceDeadlines,
  ) {}

  async handle({ payload }: ArrangeResponseCommand, tx: CommandTransaction): Promise<ResponseAnswer> {
    const result = await tx.decide(
      guidanceStreams.response.id(payload.incidentId),
      responseDecider,
      {
        kind: 'arrange',
        incidentId: payload.incidentId,
        orgUnit: payload.orgUnit,
        at: tx.now.toISOString(),
        drafterRoles: payload.drafterRoles,
        channels: payload.channels,
        ...optional('firstResponseDueAt', payload.firstResponseDueAt),
        ...optional('reason', payload.reason),
        policy: this.policy,
      },
      { metadata: { orgUnit: payload.orgUnit } },
    );
    await scheduleFirstResponse(this.deadlines, tx, payload.incidentId, payload.orgUnit, result.events);
    return { incidentId: payload.incidentId, version: result.nextExpectedVersion };
  }
}
