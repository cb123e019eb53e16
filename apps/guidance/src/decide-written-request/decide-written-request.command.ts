import { DecideWrittenRequest } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What a decision answers: the request's stream version after it. */
export interface DecideWrittenRequestResult {
  readonly requestId: string;
  readonly version: number;
}

export class DecideWrittenRequestCommand extends DomainCommand<
  typeof DecideWrittenRequest,
  DecideWrittenRequestResult
>(DecideWrittenRequest) {}
