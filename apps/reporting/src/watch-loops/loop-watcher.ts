import type { PostgresEventStore } from '@yuqing/event-store';
import {
  followUpDecider,
  reportingStreamId,
  transferDecider,
  transferNextWakeAt,
  transferStreamId,
  type ReportingPolicy,
} from '@yuqing/reporting-domain';
import { StreamWatcher, type Clock, type DueRow, type DueSchedule } from '@yuqing/service-kit';

// The loop watcher: wakes transferred items (转办) at their reminders and time limits, and follow-up tasks (督办) at
// their due times. Its schedule is the read models' `next_wake_at` (set from the domain's next wake-up with every
// event): due rows are claimed FOR UPDATE SKIP LOCKED in the transaction that appends what is due, so any number of
// instances run it and a row is acted on once. What is due is decided from the stream's state and the clock, so a
// wake-up that finds the answer given appends nothing; two instances waking one stream cannot both append (the
// stream's optimistic concurrency lets one through, the other's rows wait for the next round). The mechanics are
// the platform's StreamWatcher (libs/service-kit); this file says what is due and how the rows settle.

export interface LoopWatcherOptions {
  readonly store: PostgresEventStore;
  readonly policy: ReportingPolicy;
  readonly clock: Clock;
  readonly batchSize?: number;
  readonly pollMs?: number;
  readonly onError?: (error: unknown) => void;
}

interface TransferRow extends DueRow {
  readonly transferId: string;
}

/** Transferred items whose reminder or time limit has come (`transfers.next_wake_at`). */
function transfers(schema: string): DueSchedule<TransferRow> {
  return {
    name: 'reporting.transfers',
    async claim(tx, now, limit) {
      const { rows } = await tx.client.query<{ transfer_id: string; org_unit: string }>(
        `select transfer_id, org_unit from ${schema}.transfers where next_wake_at <= $1
          order by next_wake_at, transfer_id limit $2 for update skip locked`,
        [now, limit],
      );
      return rows.map((row) => ({
        transferId: row.transfer_id,
        streamId: transferStreamId(row.transfer_id),
        orgUnit: row.org_unit,
        correlationId: row.transfer_id,
      }));
    },
    async due(tx, streamId, _rows, now) {
      const { state, version } = await tx.aggregateStream(streamId, transferDecider);
      return {
        events: transferDecider.decide({ kind: 'fire-due', now: now.toISOString() }, state),
        expectedVersion: version,
      };
    },
    async settle(tx, rows, outcome, now) {
      // Fired: the projection set the next wake-up with the events. Moot (answered meanwhile): the next wake-up
      // as the state has it, never one already past.
      if (outcome === 'fired') return;
      for (const row of rows) {
        const { state } = await tx.aggregateStream(row.streamId, transferDecider);
        const next = transferNextWakeAt(state);
        await tx.client.query(`update ${schema}.transfers set next_wake_at = $2 where transfer_id = $1`, [
          row.transferId,
          next !== undefined && Date.parse(next) > now.getTime() ? next : null,
        ]);
      }
    },
  };
}

interface TaskRow extends DueRow {
  readonly taskId: string;
}

/** Follow-up tasks (督办) whose due time has come (`tracked_tasks.next_wake_at`), on their incident's stream. */
function followUpTasks(schema: string, policy: ReportingPolicy): DueSchedule<TaskRow> {
  return {
    name: 'reporting.follow-up-tasks',
    async claim(tx, now, limit) {
      const { rows } = await tx.client.query<{ task_id: string; incident_id: string; org_unit: string }>(
        `select task_id, incident_id, org_unit from ${schema}.tracked_tasks where next_wake_at <= $1
          order by incident_id, task_id limit $2 for update skip locked`,
        [now, limit],
      );
      return rows.map((row) => ({
        taskId: row.task_id,
        streamId: reportingStreamId(row.incident_id),
        orgUnit: row.org_unit,
        correlationId: row.incident_id,
      }));
    },
    async due(tx, streamId, _rows, now) {
      const { state, version } = await tx.aggregateStream(streamId, followUpDecider);
      return {
        events: followUpDecider.decide({ kind: 'fire-due', now: now.toISOString(), policy }, state),
        expectedVersion: version,
      };
    },
    async settle(tx, rows, _outcome, now) {
      // Rows the events settled were cleared by the projection; the rest found nothing left to do.
      await tx.client.query(
        `update ${schema}.tracked_tasks set next_wake_at = null where task_id = any($1::text[]) and next_wake_at <= $2`,
        [rows.map((row) => row.taskId), now],
      );
    },
  };
}

/** The loop watcher: transfers, then follow-up tasks, each round in one transaction (StreamWatcher). */
export class LoopWatcher extends StreamWatcher {
  constructor(options: LoopWatcherOptions) {
    super([transfers(options.store.schema), followUpTasks(options.store.schema, options.policy)], {
      ...options,
      actorId: 'reporting-loop-watcher',
    });
  }
}
