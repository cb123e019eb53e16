import { Inject } from '@nestjs/common';
import {
  eventCatalogue,
  IncidentDetected,
  IncidentMergedInto,
  IncidentsMerged,
  IncidentSplit,
  ItemAttachedToIncident,
  ItemCaptured,
  ItemDismissed,
  ItemVerified,
} from '@yuqing/contracts';
import { FILED_EVENT_TYPES } from '@yuqing/archive-domain';
import { InboxHandler, type InboxEvent, type InboxTransaction } from '@yuqing/service-kit';
import { CaseFiling } from './case-filing';

/** 篇一三(三) 资料归档: ingestion's items, incidents and their verification, filed in each incident's case. */
@InboxHandler({
  purpose: 'file-ingestion',
  events: [
    IncidentDetected,
    ItemCaptured,
    ItemAttachedToIncident,
    ItemVerified,
    ItemDismissed,
    IncidentsMerged,
    IncidentMergedInto,
    IncidentSplit,
  ],
  concurrency: 3,
})
export class FileIngestionHandler {
  constructor(@Inject(CaseFiling) private readonly filing: CaseFiling) {}

  handle(event: InboxEvent, tx: InboxTransaction): Promise<void> {
    return this.filing.handle(event, tx);
  }
}

/** Grades and assessments, reports and their receipts, sign-offs, tasks, wording and releases, in each case. */
@InboxHandler({
  purpose: 'file-decisions',
  events: FILED_EVENT_TYPES.filter((type) => !type.startsWith('ingestion.')).map((type) =>
    eventCatalogue.get(type, 1),
  ),
  concurrency: 3,
})
export class FileDecisionsHandler {
  constructor(@Inject(CaseFiling) private readonly filing: CaseFiling) {}

  handle(event: InboxEvent, tx: InboxTransaction): Promise<void> {
    return this.filing.handle(event, tx);
  }
}
