import { Inject, Injectable } from '@nestjs/common';
import { PostgresEventStore, type EventStoreTransaction } from '@yuqing/event-store';

/** A deadline a guidance subject keeps: the watcher wakes its stream at `remindAt` (if any) and at `dueAt`. */
export interface Deadline {
  /** The stream the watcher loads and appends to. */
  readonly streamId: string;
  /** A key of DEADLINE_SUBJECTS: which decider answers for the stream. */
  readonly subjectKind: string;
  /** The request, the task...: what the deadline is of, to clear it by. */
  readonly subjectId: string;
  readonly dueAt: string;
  readonly remindAt?: string;
  /** The org unit the watcher's events are appended for (the stream's tenant). */
  readonly orgUnit: string;
}

/**
 * The schedule of guidance's wake-ups (table `due_work`, docs/adr/0007's pattern): written in the transaction
 * that sets or settles a deadline, so a deadline exists exactly when its decision committed. It is work in
 * flight, not a read model: the decision of what is due is always taken again from the stream.
 */
@Injectable()
export class GuidanceDeadlines {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  async register(tx: Pick<EventStoreTransaction, 'client'>, deadline: Deadline): Promise<void> {
    const wakeUps: { kind: 'reminder' | 'due'; at: string }[] = [
      ...(deadline.remindAt ? [{ kind: 'reminder' as const, at: deadline.remindAt }] : []),
      { kind: 'due', at: deadline.dueAt },
    ];
    for (const wake of wakeUps)
      await tx.client.query(
        `insert into ${this.store.schema}.due_work (subject_kind, subject_id, stream_id, org_unit, kind, fire_at)
         values ($1, $2, $3, $4, $5, $6)`,
        [deadline.subjectKind, deadline.subjectId, deadline.streamId, deadline.orgUnit, wake.kind, wake.at],
      );
  }

  /**
   * Settles a subject's pending wake-ups (answered, reported). Rows a watcher holds are skipped, not waited for
   * (ADR 0007): that watcher finds nothing due and marks them moot.
   */
  async clear(
    tx: Pick<EventStoreTransaction, 'client'>,
    subjectKind: string,
    subjectId: string,
    at: Date,
  ): Promise<void> {
    await tx.client.query(
      `update ${this.store.schema}.due_work set fired_at = $3, outcome = 'cleared'
        where id in (select id from ${this.store.schema}.due_work
                      where subject_kind = $1 and subject_id = $2 and fired_at is null
                      for update skip locked)`,
      [subjectKind, subjectId, at],
    );
  }
}
