import type { PoolClient } from 'pg';
import type { EventMetadata, NewEvent, RecordedEvent } from '@yuqing/contracts';
import type { ExpectedVersion } from './errors';

/** A position in the global log, in commit order. Both parts are decimal strings (xid8, bigint). */
export interface Checkpoint {
  readonly transactionId: string;
  readonly globalPosition: string;
}

export const START: Checkpoint = { transactionId: '0', globalPosition: '0' };

/** Runs in the append's transaction with the events just written (the projection runner's `applyInline`). */
export type AppendHook = (events: readonly RecordedEvent[], db: PoolClient) => Promise<void>;

export interface AppendOptions {
  readonly expectedVersion: ExpectedVersion;
  readonly metadata: EventMetadata;
}

/** One stream's part of a multi-stream append. */
export interface StreamAppend extends AppendOptions {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
}

/** A cut of one stream: positions `from`..`to`, events recorded at or before `asOf`. */
export interface StreamRange {
  readonly from?: number;
  readonly to?: number;
  readonly asOf?: Date;
}

export interface StreamFold<S> {
  initialState(): S;
  evolve(state: S, event: RecordedEvent): S;
}

export interface AsOf {
  readonly position?: number;
  readonly time?: Date;
}

export interface AggregatedStream<S> {
  readonly state: S;
  readonly version: number;
}

/** Appends inside one PostgreSQL transaction; `client` writes read models in the same transaction. */
export interface EventStoreTransaction {
  readonly client: PoolClient;
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /** Appends to many distinct streams in one round trip; results in the order given. */
  appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /** The stream's events on this transaction's connection: it sees the transaction's own appends. */
  readStream(streamId: string, range?: StreamRange): Promise<RecordedEvent[]>;
  /** The stream's state folded on this transaction's connection, optionally as of a position or a moment. */
  aggregateStream<S>(streamId: string, fold: StreamFold<S>, asOf?: AsOf): Promise<AggregatedStream<S>>;
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
