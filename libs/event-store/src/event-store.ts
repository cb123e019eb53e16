import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import {
  eventMetadataSchema,
  type EventMetadata,
  type NewEvent,
  type RecordedEvent,
} from '@yuqing/contracts';
import { ConcurrencyError, DuplicateEventError, type ExpectedVersion } from './errors';
import { chainHash, GENESIS_HASH, type CanonicalFields } from './hash-chain';
import { assertSchemaName, eventStoreMigrations } from './postgres/schema';
import type { Migration } from './postgres/migrations';
import { UpcasterChain, type Upcaster } from './upcasters';
import { uuidv7 } from './uuid';

/** A position in the global log, in commit order. Both parts are decimal strings (xid8, bigint). */
export interface Checkpoint {
  readonly transactionId: string;
  readonly globalPosition: string;
}

export const START: Checkpoint = { transactionId: '0', globalPosition: '0' };

/** A read model updated in the same transaction as the append, for the service's own consistent reads. */
export interface InlineProjection {
  readonly name: string;
  readonly eventTypes: readonly string[];
  handle(events: readonly RecordedEvent[], client: PoolClient): Promise<void>;
}

export interface AppendOptions {
  readonly expectedVersion: ExpectedVersion;
  readonly metadata: EventMetadata;
}

/** One stream's part of a multi-stream append. */
export interface StreamAppend extends AppendOptions {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
}

/** Appends inside one PostgreSQL transaction; `client` writes read models in the same transaction. */
export interface EventStoreTransaction {
  readonly client: PoolClient;
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /** Appends to many distinct streams in one round trip; results in the order given. */
  appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
}

export interface AppendResult {
  /** The stream's version after the append: pass it as expectedVersion to append again. */
  readonly nextExpectedVersion: number;
  readonly events: readonly RecordedEvent[];
}

export interface StreamBreak {
  readonly streamId: string;
  readonly position: number;
  readonly reason: string;
}

export interface VerifyResult {
  readonly streamId: string;
  readonly ok: boolean;
  readonly events: number;
  readonly firstBreak?: StreamBreak;
}

export interface VerifyAllResult {
  readonly ok: boolean;
  readonly streams: number;
  readonly events: number;
  readonly broken: readonly StreamBreak[];
}

export interface EventStoreOptions {
  readonly pool: Pool;
  /** The service's schema, e.g. 'grading'. */
  readonly schema: string;
  readonly upcasters?: readonly Upcaster[];
  readonly inlineProjections?: readonly InlineProjection[];
}

interface EventRow extends QueryResultRow {
  global_position: string;
  transaction_id: string;
  stream_id: string;
  stream_position: string;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
}

/** What readers take of an event row: not its hashes, which only verification reads (and which cost a parse). */
const EVENT_COLUMNS =
  'global_position, transaction_id, stream_id, stream_position, event_id, event_type, schema_version, data, metadata, recorded_at';

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

function pgError(error: unknown): { code?: string; constraint?: string; detail?: string; hint?: string } {
  return typeof error === 'object' && error !== null
    ? (error as { code?: string; constraint?: string; detail?: string; hint?: string })
    : {};
}

/**
 * The PostgreSQL event store of one service: append with optimistic concurrency in one round trip, read a
 * stream or the global log in commit-safe order, rebuild state as of any moment, verify the hash chains.
 */
export class PostgresEventStore {
  readonly schema: string;
  private readonly pool: Pool;
  private readonly upcasters: UpcasterChain;
  private readonly inline: readonly InlineProjection[];
  private readonly afterCommit: ((events: readonly RecordedEvent[]) => void)[] = [];

  constructor(options: EventStoreOptions) {
    this.schema = assertSchemaName(options.schema);
    this.pool = options.pool;
    this.upcasters = new UpcasterChain(options.upcasters);
    this.inline = options.inlineProjections ?? [];
  }

  /** The migrations that create this store's tables; apply them with `migrate(pool, schema, ...)`. */
  migrations(): Migration[] {
    return eventStoreMigrations(this.schema);
  }

  /** Called with the appended events once their transaction has committed (never before, never on failure). */
  onCommitted(listener: (events: readonly RecordedEvent[]) => void): void {
    this.afterCommit.push(listener);
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return tracer.startActiveSpan(
      'eventstore.append',
      {
        kind: SpanKind.INTERNAL,
        attributes: { 'yuqing.stream_id': streamId, 'yuqing.event_count': events.length },
      },
      async (span) => {
        try {
          return await this.appendTraced(streamId, events, options);
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

  private async appendTraced(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    if (this.inline.some((p) => events.some((event) => p.eventTypes.includes(event.type)))) {
      return this.transaction((tx) => tx.append(streamId, events, options));
    }
    const prepared = [this.prepare({ streamId, events, ...options })];
    for (let attempt = 0; ; attempt++) {
      try {
        const [result] = await this.write(this.pool, prepared);
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

  /**
   * Runs `work` in one PostgreSQL transaction: every append it makes (to any number of streams), with their
   * inline projections and whatever else it writes through `tx.client`, commits or rolls back together.
   * Listeners hear of the events after the commit.
   */
  async transaction<T>(work: (tx: EventStoreTransaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let released = false;
    const committed: RecordedEvent[] = [];
    const appendMany = async (appends: readonly StreamAppend[]): Promise<AppendResult[]> => {
      if (appends.length === 0) return [];
      const results = await this.write(
        client,
        appends.map((a) => this.prepare(a)),
      );
      const recorded = results.flatMap((r) => r.events);
      for (const projection of this.inline) {
        const mine = recorded.filter((event) => projection.eventTypes.includes(event.type));
        if (mine.length > 0) await projection.handle(mine, client);
      }
      committed.push(...recorded);
      return results;
    };
    try {
      await client.query('begin');
      const tx: EventStoreTransaction = {
        client,
        append: async (streamId, events, options) =>
          (await appendMany([{ streamId, events, ...options }]))[0]!,
        appendMany,
      };
      const result = await work(tx);
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
        `select * from ${this.schema}.append_to_streams($1::text[], $2::bigint[], $3::int[], $4::uuid[], $5::text[], $6::int[], $7::jsonb[], $8::jsonb[])`,
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
      throw this.appendError(error, prepared);
    }
    const byStream = new Map<string, WrittenRow[]>();
    for (const row of rows) byStream.set(row.stream_id, [...(byStream.get(row.stream_id) ?? []), row]);
    return given.map((p) => {
      const events = this.toRecorded(p, byStream.get(p.streamId) ?? []);
      return { nextExpectedVersion: events[events.length - 1]!.streamPosition, events };
    });
  }

  /** The typed error for a failed append: a conflict (409) or a duplicate event id, else the error itself. */
  private appendError(error: unknown, prepared: readonly PreparedAppend[]): unknown {
    const { code, constraint, detail, hint } = pgError(error);
    const expectedOf = (streamId: string): ExpectedVersion =>
      prepared.find((p) => p.streamId === streamId)?.expectedVersion ?? 'any';
    if (code === 'YQ409' && hint) return new ConcurrencyError(hint, expectedOf(hint), Number(detail));
    // A deadlock with another writer (one that did not sort its streams): a lost race like any other.
    if (code === '40P01')
      return new ConcurrencyError(prepared[0]!.streamId, expectedOf(prepared[0]!.streamId));
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

  private toRecorded(prepared: PreparedAppend, rows: readonly WrittenRow[]): RecordedEvent[] {
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

  /** The stream's events in order; `to` and `asOf` cut it at a position or a moment (for auditors). */
  async readStream(
    streamId: string,
    range: { from?: number; to?: number; asOf?: Date } = {},
  ): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `select ${EVENT_COLUMNS} from ${this.schema}.events
        where stream_id = $1 and stream_position >= $2 and stream_position <= $3 and recorded_at <= $4
        order by stream_position`,
      [streamId, range.from ?? 1, range.to ?? Number.MAX_SAFE_INTEGER, range.asOf ?? new Date(8.64e15)],
    );
    return rows.map((row) => this.fromRow(row));
  }

  /** The state of a stream folded from its events, optionally as of a position or a moment. */
  async aggregateStream<S>(
    streamId: string,
    fold: { initialState: () => S; evolve: (state: S, event: RecordedEvent) => S },
    asOf: { position?: number; time?: Date } = {},
  ): Promise<{ state: S; version: number }> {
    const events = await this.readStream(streamId, {
      ...(asOf.position !== undefined ? { to: asOf.position } : {}),
      ...(asOf.time !== undefined ? { asOf: asOf.time } : {}),
    });
    return {
      state: events.reduce(fold.evolve, fold.initialState()),
      version: events.length === 0 ? 0 : events[events.length - 1]!.streamPosition,
    };
  }

  /**
   * Events after `after` in commit order. Only transactions older than every running one are read, so an
   * event whose transaction commits late is delivered after the reader has passed later positions, exactly
   * once, instead of being skipped.
   */
  async readAll(
    after: Checkpoint = START,
    limit = 1000,
  ): Promise<{ events: RecordedEvent[]; checkpoint: Checkpoint }> {
    const { rows } = await this.pool.query<EventRow>(
      `select ${EVENT_COLUMNS} from ${this.schema}.events
        where (transaction_id, global_position) > ($1::xid8, $2::bigint)
          and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        order by transaction_id, global_position
        limit $3`,
      [after.transactionId, after.globalPosition, limit],
    );
    const events = rows.map((row) => this.fromRow(row));
    const last = events[events.length - 1];
    return {
      events,
      checkpoint: last ? { transactionId: last.transactionId, globalPosition: last.globalPosition } : after,
    };
  }

  /** The newest position in the global log, for lag: how far a reader at a checkpoint is behind. */
  async head(): Promise<{ globalPosition: string }> {
    // The newest in commit order (the index readers use); close enough to the maximum for a lag figure.
    const { rows } = await this.pool.query<{ global_position: string }>(
      `select global_position::text from ${this.schema}.events order by transaction_id desc, global_position desc limit 1`,
    );
    return { globalPosition: rows[0]?.global_position ?? '0' };
  }

  /** Recomputes one stream's hash chain outside the database; names the first position that does not hold. */
  async verifyStream(streamId: string): Promise<VerifyResult> {
    const rows = await this.canonicalRows('where stream_id = $1', [streamId]);
    const firstBreak = walkChain(rows)[0];
    return { streamId, ok: !firstBreak, events: rows.length, ...(firstBreak ? { firstBreak } : {}) };
  }

  /** Verifies every stream, in pages; lists the first break of each broken stream. */
  async verifyAll(pageSize = 5000): Promise<VerifyAllResult> {
    const broken: StreamBreak[] = [];
    let streams = 0;
    let events = 0;
    let cursor: { streamId: string; position: string } | undefined;
    let carry: CanonicalRow[] = [];
    for (;;) {
      const page = await this.canonicalRows(
        cursor ? 'where (stream_id, stream_position) > ($1, $2::bigint)' : '',
        cursor ? [cursor.streamId, cursor.position] : [],
        pageSize,
      );
      // Keep a stream whole across pages: its last rows wait for the next page unless this was the last page.
      const rows = [...carry, ...page];
      const lastStream = page.length === pageSize ? page[page.length - 1]!.stream_id : undefined;
      carry = lastStream ? rows.filter((row) => row.stream_id === lastStream) : [];
      const complete = lastStream ? rows.filter((row) => row.stream_id !== lastStream) : rows;
      for (const group of groupByStream(complete)) {
        streams++;
        events += group.length;
        const first = walkChain(group)[0];
        if (first) broken.push(first);
      }
      if (page.length < pageSize) break;
      cursor = {
        streamId: page[page.length - 1]!.stream_id,
        position: page[page.length - 1]!.stream_position,
      };
    }
    return { ok: broken.length === 0, streams, events, broken };
  }

  private async canonicalRows(where: string, params: unknown[], limit?: number): Promise<CanonicalRow[]> {
    const { rows } = await this.pool.query<CanonicalRow>(
      `select event_id::text, stream_id, stream_position::text, event_type, schema_version::text,
              data::text as data_text, metadata::text as metadata_text,
              (extract(epoch from recorded_at) * 1000000)::bigint::text as recorded_at_micros, prev_hash, hash
         from ${this.schema}.events ${where}
        order by stream_id, stream_position ${limit ? `limit ${Number(limit)}` : ''}`,
      params,
    );
    return rows;
  }

  private fromRow(row: EventRow): RecordedEvent {
    const { version, data } = this.upcasters.apply(row.event_type, row.schema_version, row.data);
    return {
      eventId: row.event_id,
      type: row.event_type,
      schemaVersion: version,
      streamId: row.stream_id,
      streamPosition: Number(row.stream_position),
      globalPosition: row.global_position,
      transactionId: row.transaction_id,
      data,
      metadata: row.metadata,
      recordedAt: row.recorded_at,
    };
  }
}

interface CanonicalRow extends QueryResultRow {
  event_id: string;
  stream_id: string;
  stream_position: string;
  event_type: string;
  schema_version: string;
  data_text: string;
  metadata_text: string;
  recorded_at_micros: string;
  prev_hash: Buffer;
  hash: Buffer;
}

function* groupByStream(rows: readonly CanonicalRow[]): Generator<CanonicalRow[]> {
  let group: CanonicalRow[] = [];
  for (const row of rows) {
    if (group.length > 0 && group[0]!.stream_id !== row.stream_id) {
      yield group;
      group = [];
    }
    group.push(row);
  }
  if (group.length > 0) yield group;
}

/** Walks one stream's rows (in position order); returns its first break, if any. */
function walkChain(rows: readonly CanonicalRow[]): StreamBreak[] {
  let prev: Buffer = GENESIS_HASH;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const position = Number(row.stream_position);
    const at = (reason: string): StreamBreak[] => [{ streamId: row.stream_id, position, reason }];
    if (position !== i + 1) return at(`expected position ${i + 1}: an event is missing or out of order`);
    if (!row.prev_hash.equals(prev))
      return at('previous hash does not match: an earlier event was removed, replaced or reordered');
    const fields: CanonicalFields = {
      eventId: row.event_id,
      streamId: row.stream_id,
      streamPosition: row.stream_position,
      eventType: row.event_type,
      schemaVersion: row.schema_version,
      dataText: row.data_text,
      metadataText: row.metadata_text,
      recordedAtMicros: row.recorded_at_micros,
    };
    if (!chainHash(prev, fields).equals(row.hash))
      return at('hash does not match the stored event: its content was altered');
    prev = row.hash;
  }
  return [];
}
