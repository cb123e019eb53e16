import type { EventMetadata, NewEvent, RecordedEvent } from '@yuqing/contracts';
import { ConcurrencyError } from './errors';
import { PostgresEventStore, type AppendResult, type EventStoreTransaction } from './event-store';

/**
 * The pure heart of an aggregate: `decide` turns a command and the current state into new events (or throws
 * a domain error), `evolve` folds an event into the state. Both come from a domain library, free of I/O.
 */
export interface Decider<Command, State, Event extends NewEvent = NewEvent> {
  initialState(): State;
  evolve(state: State, event: RecordedEvent): State;
  decide(command: Command, state: State): readonly Event[];
}

export interface HandleCommandOptions {
  readonly metadata: EventMetadata;
  /** The version the client last saw (e.g. from If-Match); a mismatch is a conflict, not a retry. */
  readonly expectedVersion?: number;
  /** Times to re-load and re-decide when another writer got in first and the client named no version. */
  readonly retries?: number;
}

export interface HandledCommand<State> extends AppendResult {
  /** The state after the new events. */
  readonly state: State;
}

/**
 * Loads a stream, decides, appends at the version it loaded. Without a client version, a lost race is retried
 * on fresh state, since the decision may differ; with one, the client must look again (409).
 * Given a transaction, it reads and appends on that transaction and never retries: a lost race aborts the
 * transaction, so only its owner can start again.
 */
export async function handleCommand<Command, State>(
  target: PostgresEventStore | EventStoreTransaction,
  streamId: string,
  decider: Decider<Command, State>,
  command: Command,
  options: HandleCommandOptions,
): Promise<HandledCommand<State>> {
  const store = target;
  const retries =
    !(target instanceof PostgresEventStore) || options.expectedVersion !== undefined
      ? 0
      : (options.retries ?? 3);
  for (let attempt = 0; ; attempt++) {
    const { state, version } = await store.aggregateStream(streamId, decider);
    if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
      throw new ConcurrencyError(streamId, options.expectedVersion, version);
    }
    const events = decider.decide(command, state);
    if (events.length === 0) return { state, nextExpectedVersion: version, events: [] };
    try {
      const result = await store.append(streamId, events, {
        expectedVersion: version === 0 ? 'no_stream' : version,
        metadata: options.metadata,
      });
      return { ...result, state: result.events.reduce(decider.evolve, state) };
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= retries) throw error;
    }
  }
}
