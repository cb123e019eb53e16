import type { Pool } from 'pg';
import type { NewEvent, RecordedEvent } from '@yuqing/contracts';
import { EventAppender } from './append/event-appender';
import { assertSchemaName, eventStoreMigrations } from './postgres/schema';
import type { Migration } from './postgres/migrations';
import type { ProjectionDefinition } from './projections/projection';
import { ProjectionRunner } from './projections/projection-runner';
import { EventReader, type ReadAllOptions } from './read/event-reader';
import {
  START,
  type AggregatedStream,
  type AppendHook,
  type AppendOptions,
  type AppendResult,
  type AsOf,
  type Checkpoint,
  type EventStoreTransaction,
  type StreamFold,
  type StreamRange,
  type VerifyAllResult,
  type VerifyResult,
} from './types';
import { UpcasterChain, type Upcaster } from './upcasters';
import type { CanonicalEvent } from './hash-chain';
import { HashChainVerifier } from './verify/hash-chain-verifier';

export { START };
export type {
  AggregatedStream,
  AppendHook,
  AppendOptions,
  AppendResult,
  AsOf,
  Checkpoint,
  EventStoreTransaction,
  StreamFold,
  StreamRange,
  VerifyAllResult,
  VerifyResult,
};
export type { StreamAppend, StreamBreak } from './types';

export interface EventStoreOptions {
  readonly pool: Pool;
  /** The service's schema, e.g. 'grading'. */
  readonly schema: string;
  readonly upcasters?: readonly Upcaster[];
  /**
   * Declared projections run by a private ProjectionRunner (`store.projections`) through the append hook, for
   * tests and tools that build a store by hand; services get theirs from EventSourcingModule.
   */
  readonly projections?: readonly ProjectionDefinition[];
  /** Runs in every append's transaction with the events written: the projection runner's `applyInline`. */
  readonly onAppend?: AppendHook;
  /** The event types `onAppend` wants (appends of none of them skip the transaction); all when absent. */
  readonly onAppendTypes?: readonly string[];
}

/** The one append hook: the private runner's inline projections, then the hook given. */
function appendHook(
  options: EventStoreOptions,
  runner: ProjectionRunner | undefined,
): { hook?: AppendHook; types?: readonly string[] } {
  const given = options.onAppend;
  if (!runner) {
    if (!given) return {};
    return options.onAppendTypes ? { hook: given, types: options.onAppendTypes } : { hook: given };
  }
  const hook: AppendHook = async (events, db) => {
    await runner.applyInline(events, db);
    if (given) await given(events, db);
  };
  // A hook given without its types wants every append, so the union would be too narrow.
  if (given && !options.onAppendTypes) return { hook };
  return { hook, types: [...runner.inlineEventTypes, ...(options.onAppendTypes ?? [])] };
}

/**
 * The PostgreSQL event store of one service: append with optimistic concurrency in one round trip, read a
 * stream or the global log in commit-safe order, rebuild state as of any moment, verify the hash chains.
 * A facade over the appender, the reader and the verifier.
 */
export class PostgresEventStore {
  readonly schema: string;
  readonly reader: EventReader;
  /** The runner of `options.projections`, when given. */
  readonly projections: ProjectionRunner | undefined;
  private readonly pool: Pool;
  private readonly appender: EventAppender;
  private readonly verifier: HashChainVerifier;

  constructor(options: EventStoreOptions) {
    this.schema = assertSchemaName(options.schema);
    this.pool = options.pool;
    this.reader = new EventReader(this.schema, new UpcasterChain(options.upcasters));
    this.projections =
      options.projections && options.projections.length > 0
        ? new ProjectionRunner({
            pool: options.pool,
            schema: this.schema,
            reader: this.reader,
            projections: options.projections,
          })
        : undefined;
    const { hook, types } = appendHook(options, this.projections);
    this.appender = new EventAppender({
      pool: options.pool,
      schema: this.schema,
      reader: this.reader,
      ...(hook ? { onAppend: hook } : {}),
      ...(types ? { inlineEventTypes: types } : {}),
    });
    this.verifier = new HashChainVerifier(options.pool, this.schema);
  }

  /** The migrations that create this store's tables; apply them with `migrate(pool, schema, ...)`. */
  migrations(): Migration[] {
    return eventStoreMigrations(this.schema);
  }

  /** Called with the appended events once their transaction has committed (never before, never on failure). */
  onCommitted(listener: (events: readonly RecordedEvent[]) => void): void {
    this.appender.onCommitted(listener);
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return this.appender.append(streamId, events, options);
  }

  /**
   * Runs `work` in one PostgreSQL transaction: every append it makes (to any number of streams), with their
   * inline projections and whatever else it writes through `tx.client`, commits or rolls back together.
   * Listeners hear of the events after the commit.
   */
  transaction<T>(work: (tx: EventStoreTransaction) => Promise<T>): Promise<T> {
    return this.appender.transaction((tx) => work(tx));
  }

  /** The stream's events in order; `to` and `asOf` cut it at a position or a moment (for auditors). */
  readStream(streamId: string, range: StreamRange = {}): Promise<RecordedEvent[]> {
    return this.reader.readStream(this.pool, streamId, range);
  }

  /** The state of a stream folded from its events, optionally as of a position or a moment. */
  aggregateStream<S>(streamId: string, fold: StreamFold<S>, asOf: AsOf = {}): Promise<AggregatedStream<S>> {
    return this.reader.aggregateStream(this.pool, streamId, fold, asOf);
  }

  /**
   * Events after `after` in commit order. Only transactions older than every running one are read, so an
   * event whose transaction commits late is delivered after the reader has passed later positions, exactly
   * once, instead of being skipped.
   */
  readAll(
    after: Checkpoint = START,
    limit = 1000,
    options: ReadAllOptions = {},
  ): Promise<{ events: RecordedEvent[]; checkpoint: Checkpoint }> {
    return this.reader.readAll(this.pool, after, limit, options);
  }

  /** The newest position in the global log, for lag: how far a reader at a checkpoint is behind. */
  head(): Promise<{ globalPosition: string }> {
    return this.reader.head(this.pool);
  }

  /** Recomputes one stream's hash chain outside the database; names the first position that does not hold. */
  verifyStream(streamId: string): Promise<VerifyResult> {
    return this.verifier.verifyStream(streamId);
  }

  /**
   * One stream's events as the chain hashes them (canonical text forms, prevHash and hash in hex), in position
   * order: for exports that an auditor verifies offline with `chainHash` from GENESIS.
   */
  readCanonicalStream(streamId: string): Promise<CanonicalEvent[]> {
    return this.verifier.canonicalStream(streamId);
  }

  /** Verifies every stream, in pages; lists the first break of each broken stream. */
  verifyAll(pageSize = 5000): Promise<VerifyAllResult> {
    return this.verifier.verifyAll(pageSize);
  }
}
