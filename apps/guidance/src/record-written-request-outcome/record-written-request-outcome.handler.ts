import { guidanceStreams, optional } from '@yuqing/contracts';
import { writtenRequestDecider } from '@yuqing/guidance-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import {
  RecordWrittenRequestOutcomeCommand,
  type RecordWrittenRequestOutcomeResult,
} from './record-written-request-outcome.command';

/** Records the outcome of an approved request, for the addressed unit. */
@HandlesCommand(RecordWrittenRequestOutcomeCommand)
export class RecordWrittenRequestOutcomeHandler implements CommandHandling<
  RecordWrittenRequestOutcomeCommand,
  RecordWrittenRequestOutcomeResult
> {
  async handle(
    command: RecordWrittenRequestOutcomeCommand,
    tx: CommandTransaction,
  ): Promise<RecordWrittenRequestOutcomeResult> {
    const { requestId, outcome, occurredAt } = command.payload;
    const streamId = guidanceStreams.request.id(requestId);
    const { state } = await tx.aggregateStream(streamId, writtenRequestDecider);
    const { actor, scope } = tx.context;
    const result = await tx.decide(
      streamId,
      writtenRequestDecider,
      {
        kind: 'record-outcome',
        outcome,
        ...optional('occurredAt', occurredAt),
        by: { id: actor.id, ...optional('role', actor.role), scope },
      },
      state.orgUnit ? { metadata: { orgUnit: state.orgUnit } } : {},
    );
    return { requestId, version: result.nextExpectedVersion };
  }
}
