import type { PoolClient } from 'pg';
import type { PostgresEventStore } from '@yuqing/event-store';
import {
  reportingDecider,
  reportingStreamId,
  type ReportingCommand,
  type ReportingPolicy,
} from '@yuqing/reporting-domain';
import { StreamWatcher, type Clock, type DueRow, type DueSchedule } from '@yuqing/service-kit';

// The deadline watcher (docs/adr/0007): wakes incidents when their reminders, deadlines and sign-off waits come
// round, with the platform's StreamWatcher (libs/service-kit): any number of instances, each due row acted on once.
// What is due is decided from the incident's state and the clock (dueWork), so a wake-up that finds the report
// made appends nothing.

export interface DeadlineWatcherOptions {
  readonly store: PostgresEventStore;
  readonly policy: ReportingPolicy;
  readonly clock: Clock;
  /** Names this instance in the schedule (`fired_by`), for operators and for the test of two instances. */
  readonly instanceId: string;
  readonly batchSize?: number;
  readonly pollMs?: number;
  readonly onError?: (error: unknown) => void;
}

interface DeadlineRow extends DueRow {
  readonly id: string;
  readonly incidentId: string;
}

/** The `deadlines` schedule (kept by the obligations projection) as the platform's StreamWatcher works it. */
function deadlines(schema: string, policy: ReportingPolicy, instanceId: string): DueSchedule<DeadlineRow> {
  return {
    name: 'reporting.deadlines',
    async claim(tx, now, limit) {
      const { rows } = await tx.client.query<{ id: string; incident_id: string; org_unit: string }>(
        `select id, incident_id, org_unit from ${schema}.deadlines
          where fired_at is null and fire_at <= $1
          order by fire_at limit $2
          for update skip locked`,
        [now, limit],
      );
      return rows.map((row) => ({
        id: row.id,
        incidentId: row.incident_id,
        streamId: reportingStreamId(row.incident_id),
        orgUnit: row.org_unit,
        correlationId: row.incident_id,
      }));
    },
    async due(tx, streamId, rows, now) {
      const heat = await heatOf(tx.client, schema, rows[0]!.incidentId);
      const command: ReportingCommand = {
        kind: 'fire-due',
        now: now.toISOString(),
        ...(heat !== undefined ? { heatIndex: heat } : {}),
        policy,
      };
      const { state, version } = await tx.aggregateStream(streamId, reportingDecider);
      return { events: reportingDecider.decide(command, state), expectedVersion: version };
    },
    async settle(tx, rows, _outcome, now) {
      // Rows the events settled are marked by the projection; the rest found nothing left to do (moot).
      await tx.client.query(
        `update ${schema}.deadlines set fired_by = $2, fired_at = coalesce(fired_at, $3), outcome = coalesce(outcome, 'moot')
          where id = any($1::bigint[])`,
        [rows.map((row) => row.id), instanceId, now],
      );
    },
  };
}

export class DeadlineWatcher extends StreamWatcher {
  constructor(options: DeadlineWatcherOptions) {
    super([deadlines(options.store.schema, options.policy, options.instanceId)], {
      ...options,
      actorId: 'reporting-deadline-watcher',
    });
  }
}

async function heatOf(client: PoolClient, schema: string, incidentId: string): Promise<number | undefined> {
  const { rows } = await client.query<{ heat_index: number | null }>(
    `select heat_index from ${schema}.incident_facts where incident_id = $1`,
    [incidentId],
  );
  return rows[0]?.heat_index ?? undefined;
}
