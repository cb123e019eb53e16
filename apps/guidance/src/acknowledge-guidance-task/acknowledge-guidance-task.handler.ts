import { guidanceStreams } from '@yuqing/contracts';
import { onlineGuidanceDecider } from '@yuqing/guidance-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import {
  AcknowledgeGuidanceTaskCommand,
  type AcknowledgeGuidanceTaskResult,
} from './acknowledge-guidance-task.command';

/** Acknowledges a task for the commentator it was assigned to (the decider refuses anyone else: 403). */
@HandlesCommand(AcknowledgeGuidanceTaskCommand)
export class AcknowledgeGuidanceTaskHandler implements CommandHandling<
  AcknowledgeGuidanceTaskCommand,
  AcknowledgeGuidanceTaskResult
> {
  async handle(
    command: AcknowledgeGuidanceTaskCommand,
    tx: CommandTransaction,
  ): Promise<AcknowledgeGuidanceTaskResult> {
    const { proposalId, taskId } = command.payload;
    const streamId = guidanceStreams.online.id(proposalId);
    const { state } = await tx.aggregateStream(streamId, onlineGuidanceDecider);
    const result = await tx.decide(
      streamId,
      onlineGuidanceDecider,
      { kind: 'acknowledge', taskId, by: tx.context.actor.id },
      state.orgUnit ? { metadata: { orgUnit: state.orgUnit } } : {},
    );
    return { taskId, version: result.nextExpectedVersion };
  }
}
