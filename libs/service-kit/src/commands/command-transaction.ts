import type { EventMetadata } from '@yuqing/contracts';
import {
  handleCommand,
  uuidv7,
  type Decider,
  type EventStoreTransaction,
  type HandledCommand,
} from '@yuqing/event-store';
import type { CommandContext } from './command-context';

export interface DecideOptions {
  /** Added to (or replacing parts of) the metadata built from the context. */
  readonly metadata?: Partial<EventMetadata>;
  /**
   * The version the stream must be at. By default the context's If-Match; `'ignore-if-match'` for a second
   * stream the caller's version does not describe.
   */
  readonly expectedVersion?: number | 'ignore-if-match';
}

/** The transaction a command handler works in: the event store's, plus the command's context and time. */
export interface CommandTransaction extends EventStoreTransaction {
  readonly context: CommandContext;
  /** The clock's time, read once per attempt. */
  readonly now: Date;
  /** A UUIDv7 of `now`: handlers mint ids, never controllers, so a retried payload hashes the same. */
  newId(): string;
  /** orgUnit, actor and correlation from the context, with `extra` on top; an org unit is required. */
  metadata(extra?: Partial<EventMetadata>): EventMetadata;
  /** Loads the stream, decides, appends at the loaded version (or the If-Match one) on this transaction. */
  decide<C, S>(
    streamId: string,
    decider: Decider<C, S>,
    command: C,
    options?: DecideOptions,
  ): Promise<HandledCommand<S>>;
}

/** The command transaction over an event-store transaction (also the base of inbox transactions). */
export function commandTransaction(
  tx: EventStoreTransaction,
  context: CommandContext,
  now: Date,
): CommandTransaction {
  const metadata = (extra: Partial<EventMetadata> = {}): EventMetadata => {
    const orgUnit = extra.orgUnit ?? context.orgUnit;
    if (orgUnit === undefined) throw new Error('a command appended events without an org unit');
    return { actor: context.actor, correlationId: context.correlationId, ...extra, orgUnit };
  };
  // Delegates to the store's transaction, whatever reads and appends it offers, and adds the command's part.
  const added: Omit<CommandTransaction, keyof EventStoreTransaction> = {
    context,
    now,
    newId: () => uuidv7(now.getTime()),
    metadata,
    decide: (streamId, decider, command, options = {}) => {
      const expected =
        options.expectedVersion === 'ignore-if-match'
          ? undefined
          : (options.expectedVersion ?? context.expectedVersion);
      return handleCommand(tx, streamId, decider, command, {
        metadata: metadata(options.metadata),
        ...(expected !== undefined ? { expectedVersion: expected } : {}),
      });
    },
  };
  return Object.assign(Object.create(tx) as EventStoreTransaction, added);
}
