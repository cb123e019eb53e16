import { AcknowledgeGuidanceTask } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What acknowledging answers: the proposal's stream version after it. */
export interface AcknowledgeGuidanceTaskResult {
  readonly taskId: string;
  readonly version: number;
}

export class AcknowledgeGuidanceTaskCommand extends DomainCommand<
  typeof AcknowledgeGuidanceTask,
  AcknowledgeGuidanceTaskResult
>(AcknowledgeGuidanceTask) {}
