import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { NewEvent } from '@yuqing/contracts';
import {
  ConcurrencyError,
  PollingLoop,
  type EventStoreTransaction,
  type PostgresEventStore,
} from '@yuqing/event-store';
import type { Clock } from '../clock';

// The one mechanism behind every watcher that wakes streams when their time comes (reporting's deadlines, transfers,
// follow-up tasks and duty alerts; guidance's requests, tasks and first responses; docs/adr/0007). A schedule says
// which rows are due and what its streams' deciders answer at that moment; this class does the rest the same way
// for all: each round, in one transaction, claim due rows FOR UPDATE SKIP LOCKED (so any number of instances run
// it and a row is acted on once), take their streams in one order (appends queue instead of deadlocking), act on
// each stream in its own savepoint, append what is due, and settle the rows. Another instance's append to the
// same stream first (ConcurrencyError) leaves the rows for the next round. What is due is always decided again
// from the stream and the clock, so a wake-up that finds the work done appends nothing.

/** A due row: the stream it wakes and the org unit its events are recorded for. */
export interface DueRow {
  readonly streamId: string;
  readonly orgUnit: string;
  /** What the watcher's events correlate with (the incident, the transfer); the stream when absent. */
  readonly correlationId?: string;
}

/** What is due on one stream now, and the version it was decided at (the append's expected version). */
export interface DueDecision {
  readonly events: readonly NewEvent[];
  readonly expectedVersion: number;
}

export interface DueSchedule<R extends DueRow = DueRow> {
  /** Names the schedule in errors and logs. */
  readonly name: string;
  /** Claims up to `limit` rows due at `now`, FOR UPDATE SKIP LOCKED, in `tx`. */
  claim(tx: EventStoreTransaction, now: Date, limit: number): Promise<readonly R[]>;
  /** Loads the stream and asks its decider what is due at `now`. */
  due(tx: EventStoreTransaction, streamId: string, rows: readonly R[], now: Date): Promise<DueDecision>;
  /** Marks the rows once their stream was acted on: `fired` when events were appended, `moot` when none were due. */
  settle(tx: EventStoreTransaction, rows: readonly R[], outcome: 'fired' | 'moot', now: Date): Promise<void>;
  /**
   * A failure other than a concurrent append: set the rows aside (they would come round forever) and go on with
   * the others. Without it the round fails and the loop retries with backoff.
   */
  setAside?(tx: EventStoreTransaction, rows: readonly R[], error: unknown, now: Date): Promise<void>;
}

export interface StreamWatcherOptions {
  readonly store: PostgresEventStore;
  readonly clock: Clock;
  /** The actor the watcher's events are recorded by, e.g. `reporting-deadline-watcher`. */
  readonly actorId: string;
  readonly batchSize?: number;
  readonly pollMs?: number;
  readonly onError?: (error: unknown) => void;
}

export class StreamWatcher {
  private readonly loop: PollingLoop;

  constructor(
    private readonly schedules: readonly DueSchedule<DueRow>[],
    private readonly options: StreamWatcherOptions,
  ) {
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

  /** One round over every schedule, in one transaction. Returns the rows settled. */
  async tick(): Promise<number> {
    const now = this.options.clock.now();
    return this.options.store.transaction(async (tx) => {
      let settled = 0;
      for (const schedule of this.schedules) settled += await this.round(tx, schedule, now);
      return settled;
    });
  }

  private async round(tx: EventStoreTransaction, schedule: DueSchedule<DueRow>, now: Date): Promise<number> {
    const rows = await schedule.claim(tx, now, this.options.batchSize ?? 50);
    const byStream = new Map<string, DueRow[]>();
    for (const row of rows) byStream.set(row.streamId, [...(byStream.get(row.streamId) ?? []), row]);
    let settled = 0;
    for (const [streamId, due] of [...byStream].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      await tx.client.query('savepoint due_stream');
      try {
        const decision = await schedule.due(tx, streamId, due, now);
        if (decision.events.length > 0) {
          await tx.append(streamId, decision.events, {
            expectedVersion: decision.expectedVersion,
            metadata: {
              orgUnit: due[0]!.orgUnit,
              actor: { kind: 'service', id: this.options.actorId },
              correlationId: due[0]!.correlationId ?? streamId,
            },
          });
        }
        await schedule.settle(tx, due, decision.events.length > 0 ? 'fired' : 'moot', now);
        await tx.client.query('release savepoint due_stream');
        settled += due.length;
      } catch (error) {
        await tx.client.query('rollback to savepoint due_stream');
        // Another instance appended to this stream first: its rows are tried again next round.
        if (error instanceof ConcurrencyError) continue;
        if (!schedule.setAside) throw error;
        await schedule.setAside(tx, due, error, now);
        this.options.onError?.(error);
      }
    }
    return settled;
  }
}

/** Starts and stops a watcher with the application, when it is on (tests that tick it themselves turn it off). */
export class StreamWatcherLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly watcher: StreamWatcher,
    private readonly enabled: boolean,
  ) {}

  onApplicationBootstrap(): void {
    if (this.enabled) this.watcher.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.watcher.stop();
  }
}
