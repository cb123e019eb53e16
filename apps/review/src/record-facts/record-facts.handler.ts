import { Inject } from '@nestjs/common';
import { eventCatalogue, OrgUnitCreated, type EventData } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import { InboxHandler, type InboxEvent, type InboxTransaction } from '@yuqing/service-kit';
import { FactRecorder } from './fact-recorder';

// What the review records from the other contexts: every event a detector reads (docs/review.md lists them).
const WATCHED = {
  ingestion: [
    'IncidentDetected',
    'ItemAttachedToIncident',
    'ItemCaptured',
    'ItemVerified',
    'ItemTransferredIn',
  ],
  grading: ['GradeConfirmed', 'GradeOverridden', 'GradeEscalated', 'GradeDowngraded', 'GenuinenessJudged'],
  reporting: [
    'ReportingObligationOpened',
    'ReportingObligationTakenOver',
    'ReportingObligationReopened',
    'ReportingObligationFulfilled',
    'ReportingObligationCancelled',
    'ReportingObligationCarriedOver',
    'ReportOverdue',
    'FlashReportSent',
    'BulletinSubmitted',
    'HandlingResultReported',
    'HandlingCompleted',
    'TransferResponseOwed',
    'TransferResponseOverdue',
    'TransferAnswered',
    'FollowUpTaskOpened',
    'FollowUpTaskOverdue',
    'FollowUpTaskCompleted',
  ],
  guidance: ['UnapprovedReleaseDetected', 'OnlineGuidanceProposed', 'GuidanceTaskOverdue'],
} as const;

const watched = (context: keyof typeof WATCHED) =>
  WATCHED[context].map((name) => eventCatalogue.get(`${context}.${name}`, 1));

/** Ingestion's items and incidents: captures, verifications, transfers from above, attachments. */
@InboxHandler({ purpose: 'facts-ingestion', events: watched('ingestion'), concurrency: 3 })
export class IngestionFactsHandler {
  constructor(@Inject(FactRecorder) private readonly recorder: FactRecorder) {}

  handle(event: InboxEvent, tx: InboxTransaction): Promise<void> {
    return this.recorder.record(event, tx);
  }
}

/** Grading's grades in force, and escalations through poor handling. */
@InboxHandler({ purpose: 'facts-grading', events: watched('grading'), concurrency: 3 })
export class GradingFactsHandler {
  constructor(@Inject(FactRecorder) private readonly recorder: FactRecorder) {}

  handle(event: InboxEvent, tx: InboxTransaction): Promise<void> {
    return this.recorder.record(event, tx);
  }
}

/** Reporting's obligations, reports, deadlines passed, transfers and follow-up tasks. */
@InboxHandler({ purpose: 'facts-reporting', events: watched('reporting'), concurrency: 3 })
export class ReportingFactsHandler {
  constructor(@Inject(FactRecorder) private readonly recorder: FactRecorder) {}

  handle(event: InboxEvent, tx: InboxTransaction): Promise<void> {
    return this.recorder.record(event, tx);
  }
}

/** Guidance's unapproved releases and online-guidance tasks. */
@InboxHandler({ purpose: 'facts-guidance', events: watched('guidance'), concurrency: 3 })
export class GuidanceFactsHandler {
  constructor(@Inject(FactRecorder) private readonly recorder: FactRecorder) {}

  handle(event: InboxEvent, tx: InboxTransaction): Promise<void> {
    return this.recorder.record(event, tx);
  }
}

/** Identity's org tree: the departments a rating covers, and their names in the 通报. */
@InboxHandler({ purpose: 'org-units', events: [OrgUnitCreated] })
export class OrgUnitsHandler {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  async handle(event: InboxEvent, tx: InboxTransaction): Promise<void> {
    const d = event.data as EventData<typeof OrgUnitCreated>;
    await tx.client.query(
      `insert into ${this.store.schema}.org_units (org_unit, parent, kind, name) values ($1, $2, $3, $4)
       on conflict (org_unit) do nothing`,
      [d.orgUnit, d.parent ?? null, d.kind, d.name],
    );
  }
}

export const factHandlers = [
  IngestionFactsHandler,
  GradingFactsHandler,
  ReportingFactsHandler,
  GuidanceFactsHandler,
  OrgUnitsHandler,
];
