import { CompleteFollowUpTask } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What a completion (办结) answers: whether it came by the task's due time. */
export interface TaskCompleted {
  readonly taskId: string;
  readonly incidentId: string;
  readonly onTime: boolean;
}

export class CompleteFollowUpTaskCommand extends DomainCommand<typeof CompleteFollowUpTask, TaskCompleted>(
  CompleteFollowUpTask,
) {}
