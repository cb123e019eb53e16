import type { PoolClient } from 'pg';
import { ConcurrencyError, PollingLoop, PostgresEventStore } from '@yuqing/event-store';
import {
  reportingDecider,
  reportingStreamId,
  type ReportingCommand,
  type ReportingPolicy,
} from '@yuqing/reporting-domain';
import type { Clock } from '@yuqing/service-kit';

// The deadline watcher (docs/adr/0007): wakes incidents when their reminders, deadlines and sign-off waits come
// round. Any number of instances run it: each claims due rows of the schedule FOR UPDATE SKIP LOCKED, in the
// transaction that appends what is due and marks the rows fired, so a row is acted on by one instance, once. What
// is due is decided from the incident's state and the clock (dueWork), so a wake-up that finds the report made
// appends nothing, and two instances waking the same incident through different rows cannot both append: the
// stream's optimistic concurrency lets one through and the other's rows wait for the next round.

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

interface DueRow {
  id: string;
  incident_id: string;
  org_unit: string;
}

export class DeadlineWatcher {
  private readonly loop: PollingLoop;

  constructor(private readonly options: DeadlineWatcherOptions) {
    this.loop = new PollingLoop(() => this.tick(), {
      idleMs: options.pollMs ?? 1000,
      maxBackoffMs: 10_000,
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Wakes the loop now (e.g. after a test moved the clock). */
  nudge(): void {
    this.loop.nudge();
  }

  /** One round: claims up to a batch of due rows and acts on their incidents. Returns the rows settled. */
  async tick(): Promise<number> {
    const { store, clock } = this.options;
    const now = clock.now();
    const s = store.schema;
    return store.transaction(async (tx) => {
      const { rows } = await tx.client.query<DueRow>(
        `select id, incident_id, org_unit from ${s}.deadlines
          where fired_at is null and fire_at <= $1
          order by fire_at limit $2
          for update skip locked`,
        [now, this.options.batchSize ?? 50],
      );
      if (rows.length === 0) return 0;
      const byIncident = new Map<string, DueRow[]>();
      for (const row of rows)
        byIncident.set(row.incident_id, [...(byIncident.get(row.incident_id) ?? []), row]);
      let settled = 0;
      // Incidents in one order for every instance: their stream appends then queue instead of deadlocking.
      for (const [incidentId, due] of [...byIncident].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        // One incident's failure (a concurrent append) must not undo the others': each in its own savepoint.
        await tx.client.query('savepoint incident');
        try {
          const heat = await heatOf(tx.client, s, incidentId);
          const command: ReportingCommand = {
            kind: 'fire-due',
            now: now.toISOString(),
            ...(heat !== undefined ? { heatIndex: heat } : {}),
            policy: this.options.policy,
          };
          const { state, version } = await store.aggregateStream(
            reportingStreamId(incidentId),
            reportingDecider,
          );
          const events = reportingDecider.decide(command, state);
          if (events.length > 0) {
            await tx.append(reportingStreamId(incidentId), events, {
              expectedVersion: version,
              metadata: {
                orgUnit: due[0]!.org_unit,
                actor: { kind: 'service', id: 'reporting-deadline-watcher' },
                correlationId: incidentId,
              },
            });
          }
          // Rows the events settled are marked by the projection; the rest found nothing left to do (moot).
          await tx.client.query(
            `update ${s}.deadlines set fired_by = $2, fired_at = coalesce(fired_at, $3), outcome = coalesce(outcome, 'moot')
              where id = any($1::bigint[])`,
            [due.map((row) => row.id), this.options.instanceId, now],
          );
          await tx.client.query('release savepoint incident');
          settled += due.length;
        } catch (error) {
          await tx.client.query('rollback to savepoint incident');
          // Another instance appended to this incident first: its rows are tried again next round.
          if (!(error instanceof ConcurrencyError)) throw error;
        }
      }
      return settled;
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
