import { Inject } from '@nestjs/common';
import { guidanceStreams, optional } from '@yuqing/contracts';
import { responseDecider, type GuidancePolicy } from '@yuqing/guidance-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import type { ResponseAnswer } from '../arrange-response/arrange-response.command';
import { incidentUnit } from '../decide-release/incident-unit';
import { GUIDANCE_POLICY } from '../response-policy';
import { ResponsesReadModel } from '../read-models/responses/responses.read-model';
import { DecideWordingCommand } from './decide-wording.command';

@HandlesCommand(DecideWordingCommand)
export class DecideWordingHandler implements CommandHandling<DecideWordingCommand, ResponseAnswer> {
  constructor(
    @Inject(ResponsesReadModel) private readonly responses: ResponsesReadModel,
    @Inject(GUIDANCE_POLICY) private readonly policy: GuidancePolicy,
  ) {}

  async handle({ payload, approver }: DecideWordingCommand, tx: CommandTransaction): Promise<ResponseAnswer> {
    const orgUnit = await incidentUnit(this.responses, tx, payload.incidentId);
    const result = await tx.decide(
      guidanceStreams.response.id(payload.incidentId),
      responseDecider,
      {
        kind: 'decide-wording',
        wordingId: payload.wordingId,
        version: payload.version,
        decision: payload.decision,
        ...optional('assentToCause', payload.assentToCause),
        ...optional('assentToCharacterisation', payload.assentToCharacterisation),
        ...optional('reason', payload.reason),
        approver,
        policy: this.policy,
      },
      { metadata: { orgUnit } },
    );
    return { incidentId: payload.incidentId, version: result.nextExpectedVersion };
  }
}
