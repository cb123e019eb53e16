import type { PostgresEventStore } from '@yuqing/event-store';
import { StreamWatcher, type Clock, type DueRow, type DueSchedule } from '@yuqing/service-kit';
import { DEADLINE_SUBJECTS, type DeadlineSubject } from './deadline-subjects';

// Guidance's deadline watcher: the platform's StreamWatcher (libs/service-kit, docs/adr/0007) over `due_work`,
// the wake-ups the handlers register (GuidanceDeadlines). What is due is decided by the subject's decider from its
// stream and the clock (`fire-due`), so a wake-up that finds the request answered appends nothing.

export interface GuidanceDeadlineWatcherOptions {
  readonly store: PostgresEventStore;
  readonly clock: Clock;
  /** Names this instance in the schedule (`fired_by`). */
  readonly instanceId: string;
  readonly subjects?: Readonly<Record<string, DeadlineSubject<unknown, unknown>>>;
  readonly batchSize?: number;
  readonly pollMs?: number;
  readonly onError?: (error: unknown) => void;
}

interface DueWorkRow extends DueRow {
  readonly id: string;
  readonly subjectKind: string;
}

/** The rows of `due_work` as a schedule: claimed when due, settled with the instance that acted on them. */
function dueWork(
  schema: string,
  instanceId: string,
  subjects: Readonly<Record<string, DeadlineSubject<unknown, unknown>>>,
): DueSchedule<DueWorkRow> {
  const mark = async (
    client: { query(sql: string, params: unknown[]): Promise<unknown> },
    rows: readonly DueWorkRow[],
    outcome: 'fired' | 'moot' | 'failed',
    now: Date,
  ) =>
    client.query(
      `update ${schema}.due_work set fired_by = $2, fired_at = $3, outcome = $4 where id = any($1::bigint[])`,
      [rows.map((row) => row.id), instanceId, now, outcome],
    );
  return {
    name: 'guidance.due_work',
    async claim(tx, now, limit) {
      const { rows } = await tx.client.query<{
        id: string;
        stream_id: string;
        subject_kind: string;
        org_unit: string;
      }>(
        `select id, stream_id, subject_kind, org_unit from ${schema}.due_work
          where fired_at is null and fire_at <= $1 order by fire_at limit $2 for update skip locked`,
        [now, limit],
      );
      return rows.map((row) => ({
        id: row.id,
        streamId: row.stream_id,
        subjectKind: row.subject_kind,
        orgUnit: row.org_unit,
      }));
    },
    async due(tx, streamId, rows, now) {
      const subject = subjects[rows[0]!.subjectKind];
      if (!subject) throw new Error(`no deadline subject named ${rows[0]!.subjectKind}`);
      const { state, version } = await tx.aggregateStream(streamId, subject.decider);
      return {
        events: subject.decider.decide(subject.fireDue(now.toISOString()), state),
        expectedVersion: version,
      };
    },
    settle: (tx, rows, outcome, now) => mark(tx.client, rows, outcome, now).then(() => undefined),
    // Anything but a concurrent append would come round forever: set aside as failed, and reported.
    setAside: (tx, rows, _error, now) => mark(tx.client, rows, 'failed', now).then(() => undefined),
  };
}

export class GuidanceDeadlineWatcher extends StreamWatcher {
  constructor(options: GuidanceDeadlineWatcherOptions) {
    super([dueWork(options.store.schema, options.instanceId, options.subjects ?? DEADLINE_SUBJECTS)], {
      ...options,
      actorId: 'guidance-deadline-watcher',
    });
  }
}
