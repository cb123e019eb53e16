import { ReportGuidanceTask } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What reporting back answers: the proposal's stream version after it. */
export interface ReportGuidanceTaskResult {
  readonly taskId: string;
  readonly version: number;
}

export class ReportGuidanceTaskCommand extends DomainCommand<
  typeof ReportGuidanceTask,
  ReportGuidanceTaskResult
>(ReportGuidanceTask) {}
