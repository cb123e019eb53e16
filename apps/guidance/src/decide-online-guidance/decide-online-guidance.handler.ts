import { Inject } from '@nestjs/common';
import { GuidanceTaskAssigned, guidanceStreams, optional, type EventData } from '@yuqing/contracts';
import { DEFAULT_ONLINE_GUIDANCE_POLICY, onlineGuidanceDecider } from '@yuqing/guidance-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { GuidanceDeadlines } from '../watch-deadlines/guidance-deadlines';
import {
  DecideOnlineGuidanceCommand,
  type DecideOnlineGuidanceResult,
} from './decide-online-guidance.command';

/** Decides the proposal for the city office; each task it assigns gets its due time on the watcher's schedule. */
@HandlesCommand(DecideOnlineGuidanceCommand)
export class DecideOnlineGuidanceHandler implements CommandHandling<
  DecideOnlineGuidanceCommand,
  DecideOnlineGuidanceResult
> {
  constructor(@Inject(GuidanceDeadlines) private readonly deadlines: GuidanceDeadlines) {}

  async handle(
    command: DecideOnlineGuidanceCommand,
    tx: CommandTransaction,
  ): Promise<DecideOnlineGuidanceResult> {
    const { proposalId, decision, reason, deployment, commentators, instructions } = command.payload;
    const streamId = guidanceStreams.online.id(proposalId);
    const { state } = await tx.aggregateStream(streamId, onlineGuidanceDecider);
    const orgUnit = state.orgUnit ?? tx.context.orgUnit ?? '';
    const result = await tx.decide(
      streamId,
      onlineGuidanceDecider,
      {
        kind: 'decide',
        decision,
        ...optional('reason', reason),
        deployment,
        // Task ids are minted here, one per commentator, in the order given.
        commentators: commentators.map((c) => ({ ...c, taskId: tx.newId() })),
        ...optional('instructions', instructions),
        byScope: tx.context.scope,
        now: tx.now.toISOString(),
        policy: DEFAULT_ONLINE_GUIDANCE_POLICY,
      },
      state.orgUnit ? { metadata: { orgUnit: state.orgUnit } } : {},
    );
    const tasks = result.events
      .filter((e) => e.type === GuidanceTaskAssigned.type)
      .map((e) => e.data as EventData<typeof GuidanceTaskAssigned>);
    for (const task of tasks)
      await this.deadlines.register(tx, {
        streamId,
        subjectKind: 'guidance-task',
        subjectId: task.taskId,
        dueAt: task.dueAt,
        orgUnit,
      });
    return {
      proposalId,
      version: result.nextExpectedVersion,
      tasks: tasks.map(({ taskId, commentatorId, dueAt }) => ({ taskId, commentatorId, dueAt })),
    };
  }
}
