import type { Actor, EventMetadata } from '@yuqing/contracts';
import type { Decider, EventStoreTransaction, HandledCommand } from '@yuqing/event-store';
import { commandTransaction } from '../commands/command-transaction';
import type { InboxEvent } from './inbox-handler';

/** The transaction an inbox handler works in: the event store's (shared with the inbox row), plus its time. */
export interface InboxTransaction extends EventStoreTransaction {
  /** The clock's time, read once per attempt. */
  readonly now: Date;
  /** A UUIDv7 of `now`. */
  newId(): string;
  /**
   * Metadata of what the service decides in answer to `event`: the actor is the service, the correlation the
   * event's, the causation the event itself; the org unit the event's unless given (a stream's own may differ).
   */
  metadataFor(event: InboxEvent, orgUnit?: string): EventMetadata;
  /** Loads the stream, decides, appends at the loaded version on this transaction (a conflict retries the message). */
  decide<C, S>(
    streamId: string,
    decider: Decider<C, S>,
    command: C,
    metadata: EventMetadata,
  ): Promise<HandledCommand<S>>;
}

/** The inbox transaction over an event-store transaction, for a service acting as `actor`. */
export function inboxTransaction(
  tx: EventStoreTransaction,
  event: InboxEvent,
  actor: Actor,
  now: Date,
): InboxTransaction {
  // The command transaction does the loading, deciding and appending; the context is the service's own.
  const base = commandTransaction(
    tx,
    {
      actor,
      caller: { kind: 'service', id: actor.id },
      orgUnit: event.orgUnit,
      scope: [event.orgUnit],
      correlationId: event.metadata.correlationId,
    },
    now,
  );
  const added: Pick<InboxTransaction, 'metadataFor' | 'decide'> = {
    metadataFor: (cause, orgUnit) => ({
      orgUnit: orgUnit ?? cause.orgUnit,
      actor,
      correlationId: cause.metadata.correlationId,
      causationId: cause.eventId,
    }),
    decide: (streamId, decider, command, metadata) =>
      base.decide(streamId, decider, command, { metadata, expectedVersion: 'ignore-if-match' }),
  };
  return Object.assign(Object.create(base) as EventStoreTransaction, {
    now: base.now,
    newId: () => base.newId(),
    ...added,
  }) as InboxTransaction;
}
