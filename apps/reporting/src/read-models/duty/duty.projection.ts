import type { PoolClient } from 'pg';
import {
  DutyAlertAcknowledged,
  DutyAlertEscalated,
  DutyAlertRaised,
  DutyHandoverAcknowledged,
  DutyHandoverRecorded,
  DutyShiftScheduled,
  ReportingObligationOpened,
  ReportOverdue,
  ReportReminderDue,
  type EventData,
  type RecordedEvent,
  type ReportKind,
} from '@yuqing/contracts';
import { defineProjection, type ProjectionDefinition } from '@yuqing/event-store';

// 值班: the rosters (shifts, handovers) and the duty alerts, as their events have them.

export function dutyProjection(schema: string): ProjectionDefinition {
  return defineProjection({
    name: 'reporting.duty',
    handles: [
      DutyShiftScheduled.type,
      DutyHandoverRecorded.type,
      DutyHandoverAcknowledged.type,
      DutyAlertRaised.type,
      DutyAlertAcknowledged.type,
      DutyAlertEscalated.type,
    ],
    tables: [
      { name: 'duty_shifts', key: ['shift_id'] },
      { name: 'duty_handovers', key: ['to_shift_id'] },
      { name: 'duty_alerts', key: ['alert_id'] },
    ],
    async evolve(events, client) {
      for (const event of events) await applyDuty(schema, client, event);
    },
  });
}

async function applyDuty(s: string, client: PoolClient, event: RecordedEvent): Promise<void> {
  switch (event.type) {
    case DutyShiftScheduled.type: {
      const e = event.data as EventData<typeof DutyShiftScheduled>;
      await client.query(
        `insert into ${s}.duty_shifts (shift_id, org_unit, starts_at, ends_at, monitors, head, scheduled_by)
         values ($1,$2,$3,$4,$5,$6,$7) on conflict (shift_id) do nothing`,
        [e.shiftId, e.orgUnitId, e.startsAt, e.endsAt, e.monitorUserIds, e.headUserId, e.scheduledBy],
      );
      return;
    }
    case DutyHandoverRecorded.type: {
      const e = event.data as EventData<typeof DutyHandoverRecorded>;
      await client.query(
        `insert into ${s}.duty_handovers (to_shift_id, org_unit, from_shift_id, open_matters, notes, recorded_by, recorded_at)
         values ($1,$2,$3,$4,$5,$6,$7)
         on conflict (to_shift_id) do update set from_shift_id = excluded.from_shift_id,
           open_matters = excluded.open_matters, notes = excluded.notes, recorded_by = excluded.recorded_by,
           recorded_at = excluded.recorded_at`,
        [
          e.toShiftId,
          e.orgUnitId,
          e.fromShiftId,
          JSON.stringify(e.openMatters),
          e.notes ?? null,
          e.recordedBy,
          e.recordedAt,
        ],
      );
      return;
    }
    case DutyHandoverAcknowledged.type: {
      const e = event.data as EventData<typeof DutyHandoverAcknowledged>;
      await client.query(
        `update ${s}.duty_handovers set acknowledged_by = $2, acknowledged_at = $3 where to_shift_id = $1`,
        [e.toShiftId, e.acknowledgedBy, e.acknowledgedAt],
      );
      return;
    }
    case DutyAlertRaised.type: {
      const e = event.data as EventData<typeof DutyAlertRaised>;
      await client.query(
        `insert into ${s}.duty_alerts (alert_id, org_unit, incident_id, obligation_id, kind, cause, due_at, raised_at,
           shift_id, monitors, head, direct_to_head, status, escalate_at, escalated_at, rule_set_version)
         values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16) on conflict (alert_id) do nothing`,
        [
          e.alertId,
          e.orgUnitId,
          e.incidentId,
          e.obligationId ?? null,
          e.kind ?? null,
          e.cause,
          e.dueAt ?? null,
          e.raisedAt,
          e.shiftId ?? null,
          e.monitorUserIds,
          e.headUserId,
          e.directToHead,
          e.directToHead ? 'escalated' : 'raised',
          e.escalateAt ?? null,
          e.directToHead ? e.raisedAt : null,
          e.ruleSetVersion,
        ],
      );
      return;
    }
    case DutyAlertEscalated.type: {
      const e = event.data as EventData<typeof DutyAlertEscalated>;
      await client.query(
        `update ${s}.duty_alerts set status = 'escalated', escalated_at = $2 where alert_id = $1 and status = 'raised'`,
        [e.alertId, e.escalatedAt],
      );
      return;
    }
    case DutyAlertAcknowledged.type: {
      const e = event.data as EventData<typeof DutyAlertAcknowledged>;
      await client.query(
        `update ${s}.duty_alerts set status = 'acknowledged', acknowledged_by = $2, acknowledged_at = $3
          where alert_id = $1`,
        [e.alertId, e.acknowledgedBy, e.acknowledgedAt],
      );
      return;
    }
  }
}

/** The obligations whose opening calls the monitor on duty at once: the 一级 flash reports and 特别重大's. */
const ALERT_ON_OPEN: readonly ReportKind[] = ['phone-flash', 'paper-flash', 'top-level-report'];

/**
 * The work queue of alerts to raise: each obligation event that calls for the monitor on duty (a flash report owed,
 * a reminder, a deadline passed), for the duty watcher to route by the roster. Filled by the notification outbox
 * (the one queue projection: a rebuild would raise alerts again, as it would send notifications twice).
 */
export const DUTY_ALERT_SOURCE_TYPES = [
  ReportingObligationOpened.type,
  ReportReminderDue.type,
  ReportOverdue.type,
];

export async function enqueueDutyAlertSource(
  schema: string,
  client: PoolClient,
  event: RecordedEvent,
): Promise<void> {
  const source = sourceOf(event);
  if (!source) return;
  await client.query(
    `insert into ${schema}.duty_alert_sources (source_event_id, org_unit, incident_id, obligation_id, kind, cause,
       due_at, recorded_at)
     values ($1,$2,$3,$4,$5,$6,$7,$8) on conflict (source_event_id) do nothing`,
    [
      event.eventId,
      event.metadata.orgUnit,
      source.incidentId,
      source.obligationId,
      source.kind,
      source.cause,
      source.dueAt ?? null,
      event.recordedAt,
    ],
  );
}

interface Source {
  incidentId: string;
  obligationId: string;
  kind: ReportKind;
  cause: 'obligation-opened' | 'deadline-reminder' | 'overdue';
  dueAt?: string;
}

function sourceOf(event: RecordedEvent): Source | undefined {
  switch (event.type) {
    case ReportingObligationOpened.type: {
      const e = event.data as EventData<typeof ReportingObligationOpened>;
      if (!ALERT_ON_OPEN.includes(e.kind)) return undefined;
      return {
        incidentId: e.incidentId,
        obligationId: e.obligationId,
        kind: e.kind,
        cause: 'obligation-opened',
        dueAt: e.dueAt,
      };
    }
    case ReportReminderDue.type: {
      const e = event.data as EventData<typeof ReportReminderDue>;
      return {
        incidentId: e.incidentId,
        obligationId: e.obligationId,
        kind: e.kind,
        cause: 'deadline-reminder',
        dueAt: e.dueAt,
      };
    }
    case ReportOverdue.type: {
      const e = event.data as EventData<typeof ReportOverdue>;
      return {
        incidentId: e.incidentId,
        obligationId: e.obligationId,
        kind: e.kind,
        cause: 'overdue',
        dueAt: e.dueAt,
      };
    }
    default:
      return undefined;
  }
}
