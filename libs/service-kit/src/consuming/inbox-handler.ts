import { Injectable, SetMetadata } from '@nestjs/common';
import type { EventDefinition, EventMetadata } from '@yuqing/contracts';
import type { StartFrom } from '@yuqing/messaging';
import type { InboxTransaction } from './inbox-transaction';

/** What an `@InboxHandler` consumes, and how. */
export interface InboxHandlerSpec {
  /** Names the consumer group, `<CONSUMER_GROUP_PREFIX>.<purpose>`, and so the inbox rows. */
  readonly purpose: string;
  /** The events handled: their topics are subscribed, their payloads parsed with these contracts. */
  readonly events: readonly EventDefinition[];
  /** Partitions handled at once; 1 by default (events of one partition are always handled in order). */
  readonly concurrency?: number;
  /**
   * 'inbox' (default): effectively once, in the inbox transaction, failures retried then dead-lettered.
   * 'live': from now on, in memory, at most once, one group per instance (the gateway's event stream).
   */
  readonly delivery?: 'inbox' | 'live';
}

/** An event of another context as a handler receives it: parsed with its contract, with its org unit. */
export interface InboxEvent<T = unknown> {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  readonly streamPosition: number;
  /** The hash-chain hash its publisher sent (`ce_hash`), when it sent one. */
  readonly hash?: string;
  readonly time: Date;
  readonly source: string;
  /** The org unit the event concerns: the payload's `tenant` (ADR 0011). `metadata.orgUnit` is the same. */
  readonly orgUnit: string;
  readonly metadata: EventMetadata;
  /** The payload, parsed with its contract (the published `tenant` is `orgUnit`). */
  readonly data: T;
}

/** A class decorated with `@InboxHandler`. */
export interface HandlesInbox {
  /** Applies one event; everything it writes goes through `tx` and commits with the inbox row. */
  handle(event: InboxEvent, tx: InboxTransaction): Promise<void>;
  /** Where the group starts when it has never committed; the service's CONSUME_FROM by default. */
  startFrom?(): StartFrom;
}

/** A live handler (`delivery: 'live'`): no transaction, nothing to write. */
export interface HandlesLiveEvents {
  handle(event: InboxEvent): Promise<void>;
  /** Called once the consumer has joined its group: from then on every published event is delivered. */
  joined?(): void;
}

export const INBOX_HANDLER = 'yuqing:inbox-handler';

/**
 * Declares a consumer of other contexts' events. The ConsumerHost (provided by EventSourcingModule) runs one
 * engine per handler: group `<prefix>.<purpose>`, contract parsing, the tenant check, the inbox, the dead-letter
 * topic, and the handler's writes in the inbox transaction. Handlers never build consumers themselves.
 */
export function InboxHandler(spec: InboxHandlerSpec): ClassDecorator {
  if (!/^[A-Za-z0-9._-]{1,80}$/.test(spec.purpose)) {
    throw new Error(`@InboxHandler purpose "${spec.purpose}": letters, digits, dots, dashes or underscores`);
  }
  if (spec.events.length === 0) throw new Error(`@InboxHandler ${spec.purpose}: no events`);
  return (target) => {
    Injectable()(target);
    SetMetadata(INBOX_HANDLER, spec)(target);
  };
}
