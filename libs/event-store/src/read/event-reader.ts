import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { EventMetadata, RecordedEvent } from '@yuqing/contracts';
import { UpcasterChain } from '../upcasters';
import {
  START,
  type AggregatedStream,
  type AsOf,
  type Checkpoint,
  type StreamFold,
  type StreamRange,
} from '../types';

/** A pool, or one connection (a transaction's, so that reads see its own writes). */
export type Queryable = Pool | PoolClient;

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
  hash?: string;
}

/** What readers take of an event row: not its hashes, which only verification reads (and which cost a parse). */
const EVENT_COLUMNS =
  'global_position, transaction_id, stream_id, stream_position, event_id, event_type, schema_version, data, metadata, recorded_at';
/** With the hash, hex: the relay publishes it (`ce_hash`) for consumers that link to events; others skip its cost. */
const HASHED_COLUMNS = `${EVENT_COLUMNS}, encode(hash, 'hex') as hash`;

export interface ReadAllOptions {
  /** Each event's hash-chain hash too (`RecordedEvent.hash`). */
  readonly hashes?: boolean;
}

/** Reads one service's log, upcast to the current schema versions. Every read names the connection it runs on. */
export class EventReader {
  constructor(
    readonly schema: string,
    private readonly upcasters: UpcasterChain,
  ) {}

  /** The stream's events in order; `to` and `asOf` cut it at a position or a moment (for auditors). */
  async readStream(db: Queryable, streamId: string, range: StreamRange = {}): Promise<RecordedEvent[]> {
    const { rows } = await db.query<EventRow>(
      `select ${EVENT_COLUMNS} from ${this.schema}.events
        where stream_id = $1 and stream_position >= $2 and stream_position <= $3 and recorded_at <= $4
        order by stream_position`,
      [streamId, range.from ?? 1, range.to ?? Number.MAX_SAFE_INTEGER, range.asOf ?? new Date(8.64e15)],
    );
    return rows.map((row) => this.fromRow(row));
  }

  /** The state of a stream folded from its events, optionally as of a position or a moment. */
  async aggregateStream<S>(
    db: Queryable,
    streamId: string,
    fold: StreamFold<S>,
    asOf: AsOf = {},
  ): Promise<AggregatedStream<S>> {
    const events = await this.readStream(db, streamId, {
      ...(asOf.position !== undefined ? { to: asOf.position } : {}),
      ...(asOf.time !== undefined ? { asOf: asOf.time } : {}),
    });
    return {
      state: events.reduce((state, event) => fold.evolve(state, event), fold.initialState()),
      version: events.length === 0 ? 0 : events[events.length - 1]!.streamPosition,
    };
  }

  /**
   * Events after `after` in commit order. Only transactions older than every running one are read, so an
   * event whose transaction commits late is delivered after the reader has passed later positions, exactly
   * once, instead of being skipped.
   */
  async readAll(
    db: Queryable,
    after: Checkpoint = START,
    limit = 1000,
    options: ReadAllOptions = {},
  ): Promise<{ events: RecordedEvent[]; checkpoint: Checkpoint }> {
    const { rows } = await db.query<EventRow>(
      `select ${options.hashes ? HASHED_COLUMNS : EVENT_COLUMNS} from ${this.schema}.events
        where (transaction_id, global_position) > ($1::xid8, $2::bigint)
          and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        order by transaction_id, global_position
        limit $3`,
      [after.transactionId, after.globalPosition, limit],
    );
    return this.page(rows, after);
  }

  /**
   * Events of the given types after `after` in commit order, everything visible to `db` (no xmin rule): for a
   * rebuild holding its tables' locks, where every writer it cannot see yet is blocked behind it.
   */
  async readTypes(
    db: Queryable,
    types: readonly string[],
    after: Checkpoint,
    limit: number,
  ): Promise<{ events: RecordedEvent[]; checkpoint: Checkpoint }> {
    const { rows } = await db.query<EventRow>(
      `select ${EVENT_COLUMNS} from ${this.schema}.events
        where (transaction_id, global_position) > ($1::xid8, $2::bigint) and event_type = any($3::text[])
        order by transaction_id, global_position
        limit $4`,
      [after.transactionId, after.globalPosition, types, limit],
    );
    return this.page(rows, after);
  }

  /** The newest position in the global log, for lag: how far a reader at a checkpoint is behind. */
  async head(db: Queryable): Promise<{ globalPosition: string }> {
    // The newest in commit order (the index readers use); close enough to the maximum for a lag figure.
    const { rows } = await db.query<{ global_position: string }>(
      `select global_position::text from ${this.schema}.events order by transaction_id desc, global_position desc limit 1`,
    );
    return { globalPosition: rows[0]?.global_position ?? '0' };
  }

  private page(
    rows: readonly EventRow[],
    after: Checkpoint,
  ): { events: RecordedEvent[]; checkpoint: Checkpoint } {
    const events = rows.map((row) => this.fromRow(row));
    const last = events[events.length - 1];
    return {
      events,
      checkpoint: last ? { transactionId: last.transactionId, globalPosition: last.globalPosition } : after,
    };
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
      ...(row.hash ? { hash: row.hash } : {}),
    };
  }
}
