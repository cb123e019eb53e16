import { CloseResponse } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What closing answers: the response's stream version after it. */
export interface CloseResponseResult {
  readonly responseId: string;
  readonly version: number;
}

export class CloseResponseCommand extends DomainCommand<typeof CloseResponse, CloseResponseResult>(
  CloseResponse,
) {}
