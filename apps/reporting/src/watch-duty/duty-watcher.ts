import type { ReportKind } from '@yuqing/contracts';
import type { EventStoreTransaction, PostgresEventStore } from '@yuqing/event-store';
import {
  dutyAlertDecider,
  dutyAlertStreamId,
  dutyRosterDecider,
  dutyRosterStreamId,
  dutyRouteAt,
  type DutyAlertCause,
  type DutyPolicy,
} from '@yuqing/reporting-domain';
import { StreamWatcher, type Clock, type DueRow, type DueSchedule } from '@yuqing/service-kit';

// The duty watcher (值班, 篇一二(一)), a small watcher of its own beside the deadline watcher: it raises a duty alert
// for each obligation event the duty_alert_sources queue holds, routed by the roster of the nearest unit (the
// incident's own, else an ancestor's) that keeps one: to the monitor(s) on duty now, or, outside any shift, to the
// head directly. A unit without a roster gets no duty alert (its duty desk is notified as before). It then
// escalates the alerts whose acknowledgement time passed. The platform's StreamWatcher claims the rows FOR UPDATE
// SKIP LOCKED in the transaction that appends, so any number of instances run it and each source is acted on once.

export interface DutyWatcherOptions {
  readonly store: PostgresEventStore;
  readonly policy: DutyPolicy;
  readonly clock: Clock;
  readonly batchSize?: number;
  readonly pollMs?: number;
  readonly onError?: (error: unknown) => void;
  /** Called after a round that raised or escalated alerts (e.g. nudge the notification relay). */
  readonly onAlerts?: () => void;
}

interface SourceRow extends DueRow {
  readonly sourceEventId: string;
  readonly incidentId: string;
  /** The unit whose roster routes the alert (the incident's, else the nearest ancestor's); none: no alert. */
  readonly rosterUnit: string | undefined;
  readonly obligationId: string | null;
  readonly kind: ReportKind | null;
  readonly cause: DutyAlertCause;
  readonly dueAt: Date | null;
}

/** The queued obligation events (duty_alert_sources): each raises one alert, routed by the roster on duty now. */
function alertSources(schema: string, policy: DutyPolicy): DueSchedule<SourceRow> {
  return {
    name: 'reporting.duty-alert-sources',
    async claim(tx, _now, limit) {
      const { rows } = await tx.client.query<{
        source_event_id: string;
        org_unit: string;
        incident_id: string;
        obligation_id: string | null;
        kind: ReportKind | null;
        cause: DutyAlertCause;
        due_at: Date | null;
      }>(
        `select source_event_id, org_unit, incident_id, obligation_id, kind, cause, due_at
           from ${schema}.duty_alert_sources order by recorded_at, source_event_id limit $1 for update skip locked`,
        [limit],
      );
      const claimed: SourceRow[] = [];
      for (const row of rows) {
        const rosterUnit = await rosterUnitFor(tx, schema, row.org_unit);
        claimed.push({
          sourceEventId: row.source_event_id,
          streamId: dutyAlertStreamId(row.source_event_id),
          orgUnit: rosterUnit ?? row.org_unit,
          correlationId: row.incident_id,
          incidentId: row.incident_id,
          rosterUnit,
          obligationId: row.obligation_id,
          kind: row.kind,
          cause: row.cause,
          dueAt: row.due_at,
        });
      }
      return claimed;
    },
    async due(tx, streamId, rows, now) {
      const row = rows[0]!;
      const { state, version } = await tx.aggregateStream(streamId, dutyAlertDecider);
      if (!row.rosterUnit) return { events: [], expectedVersion: version };
      const { state: roster } = await tx.aggregateStream(
        dutyRosterStreamId(row.rosterUnit),
        dutyRosterDecider,
      );
      const route = dutyRouteAt(roster, now.toISOString());
      if (!route) return { events: [], expectedVersion: version };
      const events = dutyAlertDecider.decide(
        {
          kind: 'raise',
          alertId: row.sourceEventId,
          orgUnitId: row.rosterUnit,
          incidentId: row.incidentId,
          ...(row.obligationId ? { obligationId: row.obligationId } : {}),
          ...(row.kind ? { reportKind: row.kind } : {}),
          cause: row.cause,
          ...(row.dueAt ? { dueAt: row.dueAt.toISOString() } : {}),
          route,
          now: now.toISOString(),
          policy,
        },
        state,
      );
      return { events, expectedVersion: version };
    },
    async settle(tx, rows) {
      await tx.client.query(
        `delete from ${schema}.duty_alert_sources where source_event_id = any($1::text[])`,
        [rows.map((row) => row.sourceEventId)],
      );
    },
  };
}

interface AlertRow extends DueRow {
  readonly alertId: string;
}

/** Raised alerts whose acknowledgement time passed (duty_alerts.escalate_at): escalated to the unit's head. */
function dueEscalations(schema: string, policy: DutyPolicy): DueSchedule<AlertRow> {
  return {
    name: 'reporting.duty-escalations',
    async claim(tx, now, limit) {
      const { rows } = await tx.client.query<{ alert_id: string; org_unit: string; incident_id: string }>(
        `select alert_id, org_unit, incident_id from ${schema}.duty_alerts
          where status = 'raised' and escalate_at <= $1
          order by escalate_at, alert_id limit $2 for update skip locked`,
        [now, limit],
      );
      return rows.map((row) => ({
        alertId: row.alert_id,
        streamId: dutyAlertStreamId(row.alert_id),
        orgUnit: row.org_unit,
        correlationId: row.incident_id,
      }));
    },
    async due(tx, streamId, _rows, now) {
      const { state, version } = await tx.aggregateStream(streamId, dutyAlertDecider);
      return {
        events: dutyAlertDecider.decide({ kind: 'fire-due', now: now.toISOString(), policy }, state),
        expectedVersion: version,
      };
    },
    async settle(tx, rows, outcome) {
      // Escalated: the projection moved the alert on. Nothing due after all: not woken again.
      if (outcome === 'moot')
        await tx.client.query(
          `update ${schema}.duty_alerts set escalate_at = null where alert_id = any($1::text[])`,
          [rows.map((row) => row.alertId)],
        );
    },
  };
}

/** The duty watcher: raise queued alerts, then escalate due ones (StreamWatcher), and tell the notifier. */
export class DutyWatcher extends StreamWatcher {
  constructor(private readonly duty: DutyWatcherOptions) {
    super([alertSources(duty.store.schema, duty.policy), dueEscalations(duty.store.schema, duty.policy)], {
      ...duty,
      actorId: 'reporting-duty-watcher',
    });
  }

  /** One round; returns the rows it settled, and wakes the notifier when there were any. */
  override async tick(): Promise<number> {
    const settled = await super.tick();
    if (settled > 0) this.duty.onAlerts?.();
    return settled;
  }
}

/** The nearest unit, the incident's own or an ancestor (cn.yn.km.yl.kyz → cn.yn.km.yl …), that keeps a roster. */
async function rosterUnitFor(
  tx: EventStoreTransaction,
  schema: string,
  orgUnit: string,
): Promise<string | undefined> {
  const parts = orgUnit.split('.');
  const chain = parts.map((_, i) => parts.slice(0, i + 1).join('.'));
  const { rows } = await tx.client.query<{ org_unit: string }>(
    `select org_unit from ${schema}.duty_shifts where org_unit = any($1::text[])
      order by length(org_unit) desc limit 1`,
    [chain],
  );
  return rows[0]?.org_unit;
}
