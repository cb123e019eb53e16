import { ArrangeResponse } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What a response command answers: the incident, and its response stream's version (If-Match of the next). */
export interface ResponseAnswer {
  readonly incidentId: string;
  readonly version: number;
}

export class ArrangeResponseCommand extends DomainCommand<typeof ArrangeResponse, ResponseAnswer>(
  ArrangeResponse,
) {}
