import { OpenResponse } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What opening answers: the new response's id, and its stream version (If-Match of the next command). */
export interface OpenResponseResult {
  readonly responseId: string;
  readonly version: number;
}

export class OpenResponseCommand extends DomainCommand<typeof OpenResponse, OpenResponseResult>(
  OpenResponse,
) {}
