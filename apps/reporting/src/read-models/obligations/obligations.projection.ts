import type { PoolClient } from 'pg';
import {
  BulletinLeftUnsigned,
  BulletinSignedOff,
  BulletinSubmitted,
  FlashReportSent,
  FollowUpTaskOpened,
  HandlingResultReported,
  ReportForwarded,
  ReportingObligationCancelled,
  ReportingObligationConfirmed,
  ReportingObligationFulfilled,
  ReportingObligationOpened,
  ReportingObligationReopened,
  ReportingObligationTakenOver,
  ReportOverdue,
  ReportReceiptAcknowledged,
  ReportReminderDue,
  type EventData,
  type RecordedEvent,
} from '@yuqing/contracts';
import { defineProjection, type ProjectionDefinition } from '@yuqing/event-store';
import { wakeUpsFor } from '@yuqing/reporting-domain';

// The reporting read models and the watcher's schedule, kept in the transaction of each append (so a list never
// shows a state the stream has not reached), and rebuilt by replaying the stream (the ProjectionRunner).

const EVENT_TYPES = [
  ReportingObligationOpened.type,
  ReportingObligationConfirmed.type,
  ReportingObligationReopened.type,
  ReportingObligationFulfilled.type,
  ReportingObligationCancelled.type,
  ReportingObligationTakenOver.type,
  ReportReminderDue.type,
  ReportOverdue.type,
  FlashReportSent.type,
  BulletinSubmitted.type,
  BulletinSignedOff.type,
  BulletinLeftUnsigned.type,
  FollowUpTaskOpened.type,
  HandlingResultReported.type,
  ReportForwarded.type,
  ReportReceiptAcknowledged.type,
];

/**
 * Obligations, reports and their hops, bulletins, follow-up tasks, handling results and the watcher's schedule:
 * one projection, since one event moves several of them (a takeover moves every table but the tasks).
 * A deadline the watcher found nothing left to do for is marked moot by the watcher, not by an event: a rebuild
 * resets it to pending (ADR 0007), so it is compared without that outcome; `fired_by` is the watcher's.
 */
export function obligationsProjection(schema: string): ProjectionDefinition {
  return defineProjection({
    name: 'reporting.obligations',
    handles: EVENT_TYPES,
    tables: [
      { name: 'obligations', key: ['obligation_id'] },
      { name: 'reports', key: ['report_id'] },
      { name: 'report_hops', key: ['report_id', 'hop'] },
      { name: 'bulletins', key: ['bulletin_id'] },
      { name: 'follow_up_tasks', key: ['task_id'] },
      { name: 'handling_results', key: ['report_id'] },
      {
        name: 'deadlines',
        key: ['subject_id', 'kind', 'lead_minutes'],
        operational: { id: 'a sequence', fired_by: 'written by the deadline watcher' },
        compareColumns: `incident_id, org_unit, kind, subject_id, lead_minutes, fire_at,
          case when outcome = 'moot' then null else fired_at end as fired_at, nullif(outcome, 'moot') as outcome`,
      },
    ],
    async evolve(events, client) {
      for (const event of events) await applyEvent(schema, client, event);
    },
  });
}

/** Applies one event. */
async function applyEvent(schema: string, client: PoolClient, event: RecordedEvent): Promise<void> {
  const s = schema;
  const orgUnit = event.metadata.orgUnit;
  const at = event.recordedAt;
  switch (event.type) {
    case ReportingObligationOpened.type: {
      const e = event.data as EventData<typeof ReportingObligationOpened>;
      await client.query(
        `insert into ${s}.obligations (obligation_id, incident_id, org_unit, kind, grade, reason, recipient, clock_basis,
           clock_started_at, due_at, source_item_id, rule_set_version, opened_at, provisional)
         values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) on conflict (obligation_id) do nothing`,
        [
          e.obligationId,
          e.incidentId,
          orgUnit,
          e.kind,
          e.grade ? JSON.stringify(e.grade) : null,
          e.reason,
          e.recipientOrgUnitId,
          e.clockBasis,
          e.clockStartedAt,
          e.dueAt,
          e.sourceItemId ?? null,
          e.ruleSetVersion,
          at,
          e.provisional === true,
        ],
      );
      await schedule(s, client, event, orgUnit);
      if (e.sourceItemId) {
        await addReport(s, client, {
          reportId: e.sourceItemId,
          incidentId: e.incidentId,
          orgUnit,
          kind: 'board-item',
          obligationId: e.obligationId,
          holder: orgUnit,
          awaiting: null,
          at,
        });
      }
      return;
    }
    case ReportingObligationFulfilled.type: {
      const e = event.data as EventData<typeof ReportingObligationFulfilled>;
      await client.query(
        `update ${s}.obligations set status = 'fulfilled', fulfilled_at = $2, on_time = $3, report_id = $4 where obligation_id = $1`,
        [e.obligationId, e.fulfilledAt, e.onTime, e.reportId],
      );
      await closeDeadlines(s, client, e.obligationId, at, 'closed');
      return;
    }
    case ReportingObligationCancelled.type: {
      const e = event.data as EventData<typeof ReportingObligationCancelled>;
      await client.query(
        `update ${s}.obligations set status = 'cancelled', cancelled_reason = $2, cancelled_at = $3,
           kept_obligation_id = $4, merge_event_id = $5, cancelled_by = $6 where obligation_id = $1`,
        [
          e.obligationId,
          e.reason,
          at,
          e.keptObligationId ?? null,
          e.reason === 'incident-merged' ? (event.metadata.causationId ?? null) : null,
          e.causeEventId ?? null,
        ],
      );
      await closeDeadlines(s, client, e.obligationId, at, 'closed');
      return;
    }
    case ReportingObligationConfirmed.type: {
      // Made firm by the grade in force (第十三条): the same row, clock and schedule.
      const e = event.data as EventData<typeof ReportingObligationConfirmed>;
      await client.query(
        `update ${s}.obligations set provisional = false, grade = $2 where obligation_id = $1`,
        [e.obligationId, JSON.stringify(e.grade)],
      );
      return;
    }
    case ReportingObligationReopened.type: {
      // Judged genuine again (伪舆情 reversed): owed on its original clock, so the wake-ups the withdrawal closed
      // come back (one already past fires at once); what had fired stays fired.
      const e = event.data as EventData<typeof ReportingObligationReopened>;
      await client.query(
        `update ${s}.obligations set status = 'open', cancelled_reason = null, cancelled_at = null, cancelled_by = null
          where obligation_id = $1`,
        [e.obligationId],
      );
      await client.query(
        `update ${s}.deadlines set fired_at = null, fired_by = null, outcome = null
          where subject_id = $1 and outcome in ('closed', 'moot')`,
        [e.obligationId],
      );
      return;
    }
    case ReportingObligationTakenOver.type: {
      // The obligation moves to the incident that remains (合并), the same row: its reports, bulletins and
      // the wake-ups still to come go with it. (Its ReportingObligationCarriedOver in the merged incident's stream
      // changes no row: the obligation lives on here.)
      const e = event.data as EventData<typeof ReportingObligationTakenOver>;
      const moved = [e.incidentId, orgUnit];
      await client.query(
        `update ${s}.obligations set incident_id = $2, org_unit = $3, carried_over_from = $4, merge_event_id = $5
          where obligation_id = $1`,
        [e.obligationId, ...moved, e.fromIncidentId, event.metadata.causationId ?? null],
      );
      const reportIds = e.reports.map((r) => r.reportId);
      const bulletinIds = e.bulletins.map((b) => b.bulletinId);
      await client.query(
        `update ${s}.reports set incident_id = $2, org_unit = $3 where report_id = any($1::text[])`,
        [reportIds, ...moved],
      );
      await client.query(
        `update ${s}.bulletins set incident_id = $2, org_unit = $3 where bulletin_id = any($1::text[])`,
        [bulletinIds, ...moved],
      );
      await client.query(
        `update ${s}.handling_results set incident_id = $2, org_unit = $3 where obligation_id = $1`,
        [e.obligationId, ...moved],
      );
      await client.query(
        `update ${s}.deadlines set incident_id = $2, org_unit = $3 where subject_id = any($1::text[]) and fired_at is null`,
        [[e.obligationId, ...bulletinIds], ...moved],
      );
      return;
    }
    case ReportReminderDue.type: {
      const e = event.data as EventData<typeof ReportReminderDue>;
      // The nearest reminder stands for farther ones it overtook.
      await client.query(
        `update ${s}.deadlines set fired_at = $3, outcome = case when lead_minutes = $2 then 'fired' else 'covered' end where id in (select id from ${s}.deadlines where subject_id = $1 and kind = 'reminder' and lead_minutes >= $2 and fired_at is null for update skip locked)`,
        [e.obligationId, e.leadMinutes, at],
      );
      return;
    }
    case ReportOverdue.type: {
      const e = event.data as EventData<typeof ReportOverdue>;
      await client.query(`update ${s}.obligations set overdue_at = $2 where obligation_id = $1`, [
        e.obligationId,
        at,
      ]);
      await client.query(
        `update ${s}.deadlines set fired_at = $2, outcome = 'fired' where id in (select id from ${s}.deadlines where subject_id = $1 and kind = 'overdue' and fired_at is null for update skip locked)`,
        [e.obligationId, at],
      );
      // Reminders not given by then are moot: the deadline itself has passed.
      await client.query(
        `update ${s}.deadlines set fired_at = $2, outcome = 'moot' where id in (select id from ${s}.deadlines where subject_id = $1 and kind = 'reminder' and fired_at is null for update skip locked)`,
        [e.obligationId, at],
      );
      return;
    }
    case FlashReportSent.type: {
      const e = event.data as EventData<typeof FlashReportSent>;
      await addReport(s, client, {
        reportId: e.reportId,
        incidentId: e.incidentId,
        orgUnit,
        kind: 'flash',
        obligationId: e.obligationId,
        method: e.method,
        summary: e.summary,
        recipientUserId: e.recipientUserId,
        sentAt: e.sentAt,
        sentBy: event.metadata.actor.id,
        holder: e.recipientOrgUnitId,
        awaiting: e.recipientOrgUnitId,
        at,
      });
      await addHop(s, client, e.reportId, orgUnit, e.recipientOrgUnitId, 'higher-level', null, e.sentAt);
      return;
    }
    case BulletinSubmitted.type: {
      const e = event.data as EventData<typeof BulletinSubmitted>;
      await client.query(
        `insert into ${s}.bulletins (bulletin_id, incident_id, org_unit, obligation_id, issue_number, title, body, recipient,
           submitted_at, sign_off_wait_until, status, sections, submitted_by)
         values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,'awaiting-sign-off',$11,$12) on conflict (bulletin_id) do nothing`,
        [
          e.bulletinId,
          e.incidentId,
          orgUnit,
          e.obligationId,
          e.issueNumber ?? null,
          e.title,
          e.body,
          e.recipientOrgUnitId,
          at,
          e.signOffWaitUntil,
          sectionsOf(e),
          event.metadata.actor.id,
        ],
      );
      await addReport(s, client, {
        reportId: e.bulletinId,
        incidentId: e.incidentId,
        orgUnit,
        kind: 'bulletin',
        obligationId: e.obligationId,
        summary: e.title,
        sentAt: at.toISOString(),
        holder: e.recipientOrgUnitId,
        awaiting: e.recipientOrgUnitId,
        at,
      });
      await addHop(
        s,
        client,
        e.bulletinId,
        orgUnit,
        e.recipientOrgUnitId,
        'higher-level',
        null,
        at.toISOString(),
      );
      await schedule(s, client, event, orgUnit);
      return;
    }
    case BulletinSignedOff.type: {
      const e = event.data as EventData<typeof BulletinSignedOff>;
      await client.query(
        `update ${s}.bulletins set status = 'signed-off', instructions = $2, signed_off_at = $3, signed_off_by = $4,
                signed_version_id = $5
          where bulletin_id = $1`,
        [e.bulletinId, e.instructions, e.signedOffAt, event.metadata.actor.id, e.document?.versionId ?? null],
      );
      await closeDeadlines(s, client, e.bulletinId, at, 'closed');
      return;
    }
    case BulletinLeftUnsigned.type: {
      const e = event.data as EventData<typeof BulletinLeftUnsigned>;
      await client.query(
        `update ${s}.bulletins set status = 'left-unsigned', left_unsigned_at = $2 where bulletin_id = $1 and status = 'awaiting-sign-off'`,
        [e.bulletinId, e.waitedUntil],
      );
      await client.query(
        `update ${s}.deadlines set fired_at = $2, outcome = 'fired' where id in (select id from ${s}.deadlines where subject_id = $1 and kind = 'sign-off-wait' and fired_at is null for update skip locked)`,
        [e.bulletinId, at],
      );
      return;
    }
    case FollowUpTaskOpened.type: {
      const e = event.data as EventData<typeof FollowUpTaskOpened>;
      await client.query(
        `insert into ${s}.follow_up_tasks (task_id, incident_id, org_unit, bulletin_id, description, assignee, supervisor, due_at, opened_at)
         values ($1,$2,$3,$4,$5,$6,$7,$8,$9) on conflict (task_id) do nothing`,
        [
          e.taskId,
          e.incidentId,
          orgUnit,
          e.bulletinId ?? null,
          e.description,
          e.assigneeOrgUnitId,
          e.supervisorOrgUnitId,
          e.dueAt ?? null,
          at,
        ],
      );
      return;
    }
    case HandlingResultReported.type: {
      const e = event.data as EventData<typeof HandlingResultReported>;
      await client.query(
        `insert into ${s}.handling_results (report_id, incident_id, org_unit, obligation_id, result, resolution, public_reply_url, reported_at)
         values ($1,$2,$3,$4,$5,$6,$7,$8) on conflict (report_id) do nothing`,
        [
          e.reportId,
          e.incidentId,
          orgUnit,
          e.obligationId,
          e.result,
          e.resolution,
          e.publicReplyUrl ?? null,
          at,
        ],
      );
      const { rows } = await client.query<{ recipient: string }>(
        `select recipient from ${s}.obligations where obligation_id = $1`,
        [e.obligationId],
      );
      const to = rows[0]?.recipient ?? orgUnit;
      await addReport(s, client, {
        reportId: e.reportId,
        incidentId: e.incidentId,
        orgUnit,
        kind: 'handling-result',
        obligationId: e.obligationId,
        summary: e.result,
        sentAt: at.toISOString(),
        holder: to,
        awaiting: to,
        at,
      });
      await addHop(s, client, e.reportId, orgUnit, to, 'higher-level', null, at.toISOString());
      return;
    }
    case ReportForwarded.type: {
      const e = event.data as EventData<typeof ReportForwarded>;
      await addHop(
        s,
        client,
        e.reportId,
        e.fromOrgUnitId,
        e.toOrgUnitId,
        e.route,
        e.note ?? null,
        at.toISOString(),
      );
      await client.query(
        `update ${s}.reports r set holder = $2,
           awaiting_receipt_from = (select to_unit from ${s}.report_hops h where h.report_id = r.report_id and h.acknowledged_at is null order by hop limit 1)
         where report_id = $1`,
        [e.reportId, e.toOrgUnitId],
      );
      return;
    }
    case ReportReceiptAcknowledged.type: {
      const e = event.data as EventData<typeof ReportReceiptAcknowledged>;
      await client.query(
        `update ${s}.report_hops set acknowledged_at = $3
          where report_id = $1 and hop = (select min(hop) from ${s}.report_hops where report_id = $1 and to_unit = $2 and acknowledged_at is null)`,
        [e.reportId, e.recipientOrgUnitId, e.acknowledgedAt],
      );
      await client.query(
        `update ${s}.reports r set awaiting_receipt_from =
           (select to_unit from ${s}.report_hops h where h.report_id = r.report_id and h.acknowledged_at is null order by hop limit 1)
         where report_id = $1`,
        [e.reportId],
      );
      return;
    }
    default:
      return;
  }
}

/**
 * A bulletin's structured sections as JSON, or null when it has none (the document then falls back on the body);
 * with the figures it states, which the document prints under 舆情摘要.
 */
function sectionsOf(e: EventData<typeof BulletinSubmitted>): string | null {
  const { summary, assessment, suggestions, sources, staff, figures } = e;
  const sections = { summary, assessment, suggestions, sources, staff, figures };
  return Object.values(sections).some((v) => v !== undefined) ? JSON.stringify(sections) : null;
}

interface ReportRow {
  reportId: string;
  incidentId: string;
  orgUnit: string;
  kind: string;
  obligationId: string;
  method?: string;
  summary?: string;
  recipientUserId?: string | undefined;
  sentAt?: string;
  /** The account that recorded the sending (a person's id; documents name them from the people table). */
  sentBy?: string;
  holder: string;
  awaiting: string | null;
  at: Date;
}

function addReport(s: string, client: PoolClient, r: ReportRow): Promise<unknown> {
  return client.query(
    `insert into ${s}.reports (report_id, incident_id, org_unit, kind, obligation_id, method, summary, recipient_user_id, sent_at,
       holder, awaiting_receipt_from, recorded_at, sent_by)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) on conflict (report_id) do nothing`,
    [
      r.reportId,
      r.incidentId,
      r.orgUnit,
      r.kind,
      r.obligationId,
      r.method ?? null,
      r.summary ?? null,
      r.recipientUserId ?? null,
      r.sentAt ?? null,
      r.holder,
      r.awaiting,
      r.at,
      r.sentBy ?? null,
    ],
  );
}

function addHop(
  s: string,
  client: PoolClient,
  reportId: string,
  from: string,
  to: string,
  route: string,
  note: string | null,
  at: string,
): Promise<unknown> {
  return client.query(
    `insert into ${s}.report_hops (report_id, hop, from_unit, to_unit, route, note, at)
     select $1, coalesce(max(hop), 0) + 1, $2, $3, $4, $5, $6 from ${s}.report_hops where report_id = $1`,
    [reportId, from, to, route, note, at],
  );
}

/** Puts an event's wake-ups in the watcher's schedule (once: a replay finds them there). */
async function schedule(s: string, client: PoolClient, event: RecordedEvent, orgUnit: string): Promise<void> {
  const wakeUps = wakeUpsFor(event);
  if (wakeUps.length === 0) return;
  await client.query(
    `insert into ${s}.deadlines (incident_id, org_unit, kind, subject_id, lead_minutes, fire_at)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::timestamptz[])
     on conflict (subject_id, kind, lead_minutes) do nothing`,
    [
      wakeUps.map((w) => w.incidentId),
      wakeUps.map(() => orgUnit),
      wakeUps.map((w) => w.kind),
      wakeUps.map((w) => w.subjectId),
      wakeUps.map((w) => w.leadMinutes ?? 0),
      wakeUps.map((w) => w.fireAt),
    ],
  );
}

/**
 * A met, withdrawn or signed-off subject needs no more wake-ups. Rows a watcher has claimed are skipped, never
 * waited for: that watcher finds nothing due on them and settles them itself (a wait here could deadlock with it).
 */
function closeDeadlines(
  s: string,
  client: PoolClient,
  subjectId: string,
  at: Date,
  outcome: string,
): Promise<unknown> {
  return client.query(
    `update ${s}.deadlines set fired_at = $2, outcome = $3 where id in (select id from ${s}.deadlines where subject_id = $1 and fired_at is null for update skip locked)`,
    [subjectId, at, outcome],
  );
}
