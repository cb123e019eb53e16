import { guidanceStreams, NotFoundError, NotPermittedError } from '@yuqing/contracts';
import { responseDecider } from '@yuqing/guidance-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { DraftWordingCommand, type WordingAnswer } from './draft-wording.command';

@HandlesCommand(DraftWordingCommand)
export class DraftWordingHandler implements CommandHandling<DraftWordingCommand, WordingAnswer> {
  async handle(
    { payload, context, drafter }: DraftWordingCommand,
    tx: CommandTransaction,
  ): Promise<WordingAnswer> {
    // The guard resolved the incident's unit (resolver `response`); none means no response exists.
    if (!context.orgUnit) throw new NotFoundError(`no response for incident ${payload.incidentId}`);
    // Only the service itself drafts without a person's grants; a request always names its drafter.
    if (drafter === 'service' && context.actor.kind !== 'service')
      throw new NotPermittedError('guidance.drafter-not-permitted', 'the drafter of this wording is unknown');
    const { wordingId: revised, incidentId, ...draft } = payload;
    const wordingId = revised ?? tx.newId();
    const result = await tx.decide(
      guidanceStreams.response.id(incidentId),
      responseDecider,
      { kind: 'draft-wording', incidentId, wordingId, revision: revised !== undefined, drafter, ...draft },
      { metadata: { orgUnit: context.orgUnit } },
    );
    const drafted = result.events[0]?.data as { version: number };
    return { incidentId, wordingId, version: drafted.version, streamVersion: result.nextExpectedVersion };
  }
}
