import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Pool, PoolClient } from 'pg';
import {
  eventMetadataSchema,
  type EventMetadata,
  type NewEvent,
  type RecordedEvent,
} from '@yuqing/contracts';
import { ConcurrencyError, DuplicateEventError, type ExpectedVersion } from '../errors';
import type { EventReader } from '../read/event-reader';
import type { AppendHook, AppendOptions, AppendResult, EventStoreTransaction, StreamAppend } from '../types';
import { uuidv7 } from '../uuid';

const tracer = trace.getTracer('yuqing-event-store');

/** The active trace context as W3C headers, so stored events carry the trace of the request that made them. */
function activeTraceContext(): { traceparent?: string; tracestate?: string } {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return {
    ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}),
    ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}),
  };
}

const EXPECTED_ANY = -2;
const EXPECTED_NO_STREAM = -1;
const MAX_STREAM_ID = 200;
const ANY_VERSION_RETRIES = 5;

function expectedToSql(expected: ExpectedVersion): number {
  if (expected === 'any') return EXPECTED_ANY;
  if (expected === 'no_stream') return EXPECTED_NO_STREAM;
  if (!Number.isInteger(expected) || expected < 0)
    throw new Error(`invalid expected version: ${String(expected)}`);
  return expected;
}

function assertStreamId(streamId: string): void {
  if (!streamId || streamId.length > MAX_STREAM_ID || /[\u0000-\u001f]/.test(streamId)) {
    throw new Error(`invalid stream id: ${JSON.stringify(streamId.slice(0, MAX_STREAM_ID))}`);
  }
}

function pgError(error: unknown): { code?: string; constraint?: string; detail?: string; hint?: string } {
  return typeof error === 'object' && error !== null
    ? (error as { code?: string; constraint?: string; detail?: string; hint?: string })
    : {};
}

function isPositionTaken(error: unknown): boolean {
  const { code, constraint } = pgError(error);
  return code === '23505' && constraint === 'events_pkey';
}

interface PreparedAppend {
  readonly streamId: string;
  readonly expectedVersion: ExpectedVersion;
  readonly events: readonly NewEvent[];
  readonly metadata: readonly EventMetadata[];
  readonly eventIds: readonly string[];
}

interface WrittenRow {
  stream_id: string;
  global_position: string;
  stream_position: string;
  transaction_id: string;
  recorded_at: Date;
}

export interface EventAppenderOptions {
  readonly pool: Pool;
  readonly schema: string;
  readonly reader: EventReader;
  /** Runs in the append's transaction with the events written (inline projections). */
  readonly onAppend?: AppendHook;
  /**
   * The event types `onAppend` wants; an append of none of them skips the transaction. Without it, every
   * append of the store runs in a transaction with the hook.
   */
  readonly inlineEventTypes?: readonly string[];
}

/**
 * Appends with optimistic concurrency in one round trip, alone or in a transaction with other appends and
 * writes; runs the append hook in the same transaction and tells listeners after commit. Every append is
 * an `eventstore.append` span, and the stored `traceparent` is that span's.
 */
export class EventAppender {
  private readonly afterCommit: ((events: readonly RecordedEvent[]) => void)[] = [];
  private readonly inlineTypes: ReadonlySet<string> | undefined;

  constructor(private readonly options: EventAppenderOptions) {
    this.inlineTypes = options.inlineEventTypes ? new Set(options.inlineEventTypes) : undefined;
  }

  /** Called with the appended events once their transaction has committed (never before, never on failure). */
  onCommitted(listener: (events: readonly RecordedEvent[]) => void): void {
    this.afterCommit.push(listener);
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return this.traced(streamId, events.length, () => this.appendAlone(streamId, events, options));
  }

  private async appendAlone(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    if (this.needsHook(events)) {
      return this.transaction(
        async (_tx, appendMany) => (await appendMany([{ streamId, events, ...options }]))[0]!,
      );
    }
    const prepared = [this.prepare({ streamId, events, ...options })];
    for (let attempt = 0; ; attempt++) {
      try {
        const [result] = await this.write(this.options.pool, prepared);
        this.notify(result!.events);
        return result!;
      } catch (error) {
        // A concurrent writer took the same position. With 'any' there is nothing to conflict with: try again.
        if (
          error instanceof ConcurrencyError &&
          error.actualVersion === undefined &&
          options.expectedVersion === 'any' &&
          attempt < ANY_VERSION_RETRIES
        )
          continue;
        throw error;
      }
    }
  }

  private needsHook(events: readonly NewEvent[]): boolean {
    if (!this.options.onAppend) return false;
    const types = this.inlineTypes;
    return !types || events.some((event) => types.has(event.type));
  }

  /**
   * Runs `work` in one PostgreSQL transaction: every append it makes (to any number of streams), with the
   * append hook and whatever else it writes through `tx.client`, commits or rolls back together. Listeners
   * hear of the events after the commit. (`work`'s second argument appends without a span of its own.)
   */
  async transaction<T>(
    work: (
      tx: EventStoreTransaction,
      appendUntraced: (appends: readonly StreamAppend[]) => Promise<AppendResult[]>,
    ) => Promise<T>,
  ): Promise<T> {
    const { pool, reader, onAppend } = this.options;
    const client = await pool.connect();
    let released = false;
    const committed: RecordedEvent[] = [];
    const appendMany = async (appends: readonly StreamAppend[]): Promise<AppendResult[]> => {
      if (appends.length === 0) return [];
      const results = await this.write(
        client,
        appends.map((a) => this.prepare(a)),
      );
      const recorded = results.flatMap((r) => r.events);
      if (onAppend) {
        try {
          await onAppend(recorded, client);
        } catch (error) {
          // A deadlock in a projection's tables (with a rebuild taking their locks): a lost race, to retry.
          if (pgError(error).code === '40P01')
            throw new ConcurrencyError(appends[0]!.streamId, appends[0]!.expectedVersion);
          throw error;
        }
      }
      committed.push(...recorded);
      return results;
    };
    try {
      await client.query('begin');
      const tx: EventStoreTransaction = {
        client,
        append: (streamId, events, options) =>
          this.traced(
            streamId,
            events.length,
            async () => (await appendMany([{ streamId, events, ...options }]))[0]!,
          ),
        appendMany: (appends) =>
          appends.length === 0
            ? Promise.resolve([])
            : this.traced(
                appends.map((a) => a.streamId).join(','),
                appends.reduce((n, a) => n + a.events.length, 0),
                () => appendMany(appends),
              ),
        readStream: (streamId, range) => reader.readStream(client, streamId, range),
        aggregateStream: (streamId, fold, asOf) => reader.aggregateStream(client, streamId, fold, asOf),
      };
      const result = await work(tx, appendMany);
      await client.query('commit');
      client.release();
      released = true;
      if (committed.length > 0) this.notify(committed);
      return result;
    } catch (error) {
      if (released) throw error;
      // A connection that cannot even roll back goes back to the pool as broken, to be replaced.
      const broken = await client.query('rollback').then(
        () => undefined,
        (rollbackError: unknown) =>
          rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError)),
      );
      client.release(broken);
      released = true;
      throw error;
    }
  }

  private traced<T>(streamId: string, count: number, work: () => Promise<T>): Promise<T> {
    return tracer.startActiveSpan(
      'eventstore.append',
      {
        kind: SpanKind.INTERNAL,
        attributes: { 'yuqing.stream_id': streamId, 'yuqing.event_count': count },
      },
      async (span) => {
        try {
          return await work();
        } catch (error) {
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: error instanceof Error ? error.message : String(error),
          });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  /** Tells listeners of committed events. A listener that throws cannot turn a committed append into a failure. */
  private notify(events: readonly RecordedEvent[]): void {
    for (const listener of this.afterCommit) {
      try {
        listener(events);
      } catch (error) {
        process.emitWarning(
          `an onCommitted listener failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }

  private prepare(append: StreamAppend): PreparedAppend {
    assertStreamId(append.streamId);
    if (append.events.length === 0) throw new Error(`nothing to append to ${append.streamId}`);
    const base = eventMetadataSchema.parse({ ...activeTraceContext(), ...append.metadata });
    return {
      streamId: append.streamId,
      expectedVersion: append.expectedVersion,
      events: append.events,
      metadata: append.events.map((event) =>
        event.metadata ? eventMetadataSchema.parse({ ...base, ...event.metadata }) : base,
      ),
      eventIds: append.events.map((event) => event.eventId ?? uuidv7()),
    };
  }

  /** One call of append_to_streams for every stream of the batch; results in the order of `prepared`. */
  private async write(db: Pool | PoolClient, given: readonly PreparedAppend[]): Promise<AppendResult[]> {
    // Streams in one order for every writer: their locks and index entries are then taken in that order, so two
    // multi-stream appends cannot deadlock on each other.
    const prepared = [...given].sort((a, b) =>
      a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0,
    );
    const streams = new Set(prepared.map((p) => p.streamId));
    if (streams.size !== prepared.length)
      throw new Error('each stream may appear once in one write; merge its events');
    let rows: WrittenRow[];
    try {
      ({ rows } = await db.query<WrittenRow>(
        `select * from ${this.options.schema}.append_to_streams($1::text[], $2::bigint[], $3::int[], $4::uuid[], $5::text[], $6::int[], $7::jsonb[], $8::jsonb[])`,
        [
          prepared.map((p) => p.streamId),
          prepared.map((p) => expectedToSql(p.expectedVersion)),
          prepared.map((p) => p.events.length),
          prepared.flatMap((p) => p.eventIds),
          prepared.flatMap((p) => p.events.map((event) => event.type)),
          prepared.flatMap((p) => p.events.map((event) => event.schemaVersion ?? 1)),
          prepared.flatMap((p) => p.events.map((event) => JSON.stringify(event.data))),
          prepared.flatMap((p) => p.metadata.map((m) => JSON.stringify(m))),
        ],
      ));
    } catch (error) {
      throw appendError(error, prepared);
    }
    const byStream = new Map<string, WrittenRow[]>();
    for (const row of rows) byStream.set(row.stream_id, [...(byStream.get(row.stream_id) ?? []), row]);
    return given.map((p) => {
      const events = toRecorded(p, byStream.get(p.streamId) ?? []);
      return { nextExpectedVersion: events[events.length - 1]!.streamPosition, events };
    });
  }
}

/** The typed error for a failed append: a conflict (409) or a duplicate event id, else the error itself. */
function appendError(error: unknown, prepared: readonly PreparedAppend[]): unknown {
  const { code, constraint, detail, hint } = pgError(error);
  const expectedOf = (streamId: string): ExpectedVersion =>
    prepared.find((p) => p.streamId === streamId)?.expectedVersion ?? 'any';
  if (code === 'YQ409' && hint) return new ConcurrencyError(hint, expectedOf(hint), Number(detail));
  // A deadlock with another writer (one that did not sort its streams): a lost race like any other.
  if (code === '40P01') return new ConcurrencyError(prepared[0]!.streamId, expectedOf(prepared[0]!.streamId));
  if (code === '23505' && constraint === 'events_event_id_key') {
    return new DuplicateEventError(/\(event_id\)=\(([^)]+)\)/.exec(detail ?? '')?.[1] ?? 'unknown');
  }
  if (isPositionTaken(error)) {
    // "Key (stream_id, stream_position)=(<stream>, <n>) already exists."
    const streamId = /\)=\((.*), \d+\) already exists/.exec(detail ?? '')?.[1] ?? prepared[0]!.streamId;
    return new ConcurrencyError(streamId, expectedOf(streamId));
  }
  return error;
}

function toRecorded(prepared: PreparedAppend, rows: readonly WrittenRow[]): RecordedEvent[] {
  const ordered = [...rows].sort((a, b) => Number(a.stream_position) - Number(b.stream_position));
  return ordered.map((row, i) => ({
    eventId: prepared.eventIds[i]!,
    type: prepared.events[i]!.type,
    schemaVersion: prepared.events[i]!.schemaVersion ?? 1,
    streamId: prepared.streamId,
    streamPosition: Number(row.stream_position),
    globalPosition: row.global_position,
    transactionId: row.transaction_id,
    data: prepared.events[i]!.data,
    metadata: prepared.metadata[i]!,
    recordedAt: row.recorded_at,
  }));
}
