import { Inject } from '@nestjs/common';
import { guidanceStreams } from '@yuqing/contracts';
import { onlineGuidanceDecider } from '@yuqing/guidance-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { GuidanceDeadlines } from '../watch-deadlines/guidance-deadlines';
import { ReportGuidanceTaskCommand, type ReportGuidanceTaskResult } from './report-guidance-task.command';

/** Reports a task back for its commentator; that closes the task and settles its due time. */
@HandlesCommand(ReportGuidanceTaskCommand)
export class ReportGuidanceTaskHandler implements CommandHandling<
  ReportGuidanceTaskCommand,
  ReportGuidanceTaskResult
> {
  constructor(@Inject(GuidanceDeadlines) private readonly deadlines: GuidanceDeadlines) {}

  async handle(
    command: ReportGuidanceTaskCommand,
    tx: CommandTransaction,
  ): Promise<ReportGuidanceTaskResult> {
    const { proposalId, taskId, posts, summary } = command.payload;
    const streamId = guidanceStreams.online.id(proposalId);
    const { state } = await tx.aggregateStream(streamId, onlineGuidanceDecider);
    const result = await tx.decide(
      streamId,
      onlineGuidanceDecider,
      { kind: 'report', taskId, by: tx.context.actor.id, posts, summary, now: tx.now.toISOString() },
      state.orgUnit ? { metadata: { orgUnit: state.orgUnit } } : {},
    );
    await this.deadlines.clear(tx, 'guidance-task', taskId, tx.now);
    return { taskId, version: result.nextExpectedVersion };
  }
}
