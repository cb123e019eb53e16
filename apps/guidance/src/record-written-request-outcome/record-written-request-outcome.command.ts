import { RecordWrittenRequestOutcome } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What recording the outcome answers: the request's stream version after it. */
export interface RecordWrittenRequestOutcomeResult {
  readonly requestId: string;
  readonly version: number;
}

export class RecordWrittenRequestOutcomeCommand extends DomainCommand<
  typeof RecordWrittenRequestOutcome,
  RecordWrittenRequestOutcomeResult
>(RecordWrittenRequestOutcome) {}
