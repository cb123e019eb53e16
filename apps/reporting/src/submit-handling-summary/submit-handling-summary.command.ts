import { SubmitHandlingSummary } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What a summary answers: the summary recorded, and whether it met its obligation in time. */
export interface SummarySubmitted {
  readonly summaryId: string;
  readonly incidentId: string;
  readonly obligation: { readonly obligationId: string; readonly status: string; readonly onTime?: boolean };
}

export class SubmitHandlingSummaryCommand extends DomainCommand<
  typeof SubmitHandlingSummary,
  SummarySubmitted
>(SubmitHandlingSummary) {}
