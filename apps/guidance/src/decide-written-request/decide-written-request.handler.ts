import { Inject } from '@nestjs/common';
import { guidanceStreams, optional } from '@yuqing/contracts';
import { writtenRequestDecider } from '@yuqing/guidance-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { GuidanceDeadlines } from '../watch-deadlines/guidance-deadlines';
import {
  DecideWrittenRequestCommand,
  type DecideWrittenRequestResult,
} from './decide-written-request.command';

/** Answers a request for the addressed unit; an answer settles its deadline. */
@HandlesCommand(DecideWrittenRequestCommand)
export class DecideWrittenRequestHandler implements CommandHandling<
  DecideWrittenRequestCommand,
  DecideWrittenRequestResult
> {
  constructor(@Inject(GuidanceDeadlines) private readonly deadlines: GuidanceDeadlines) {}

  async handle(
    command: DecideWrittenRequestCommand,
    tx: CommandTransaction,
  ): Promise<DecideWrittenRequestResult> {
    const { requestId, decision, reason } = command.payload;
    const streamId = guidanceStreams.request.id(requestId);
    // The events stay the filing unit's (their tenant), whoever answers.
    const { state } = await tx.aggregateStream(streamId, writtenRequestDecider);
    const { actor, scope } = tx.context;
    const result = await tx.decide(
      streamId,
      writtenRequestDecider,
      {
        kind: 'decide',
        decision,
        ...optional('reason', reason),
        by: { id: actor.id, ...optional('role', actor.role), scope },
        now: tx.now.toISOString(),
      },
      state.orgUnit ? { metadata: { orgUnit: state.orgUnit } } : {},
    );
    await this.deadlines.clear(tx, 'written-request', requestId, tx.now);
    return { requestId, version: result.nextExpectedVersion };
  }
}
