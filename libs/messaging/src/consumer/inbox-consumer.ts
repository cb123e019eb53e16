import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Partitioners, type Consumer, type EachMessagePayload, type Kafka, type Producer } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import { deadLetterTopic, eventSource, type EventDefinition } from '@yuqing/contracts';
import { ConcurrencyError, type EventStoreTransaction } from '@yuqing/event-store';
import { fromMessage, headersToStrings, MalformedMessageError, type ConsumedEvent } from '../cloudevents';
import { metrics } from '../metrics';

interface ConsumerOptionsBase {
  readonly kafka: Kafka;
  /** One group per service and purpose, e.g. `grading.propose-grade`. Also names the inbox rows. */
  readonly groupId: string;
  readonly topics: readonly string[];
  /**
   * The contracts of the events handled. With them, a type not in `handles` is committed past untouched; a handled
   * one is parsed with its published schema (data + `tenant`), a violation goes to the dead-letter topic at once,
   * and so does a message whose `tenant` header disagrees with the payload's (ADR 0011). Without them (the raw
   * mode), the value is handed over as it is and the org unit is the header's.
   */
  readonly contracts?: EventContracts;
  /**
   * Where a group that has never committed starts: every retained event (the default: a new service learns the
   * past), only what arrives from now on, or the first event at or after a time (ms since the epoch), for a
   * consumer whose past beyond a horizon cannot matter. A group that has committed resumes where it stopped.
   */
  readonly startFrom?: StartFrom;
  readonly sessionTimeoutMs?: number;
  /** Heartbeats to the group coordinator; a third of the session timeout, at most 3 s, by default. */
  readonly heartbeatMs?: number;
  /** How long a fetch waits on a quiet topic before it returns empty (kafkajs's default, 5 s, when absent). */
  readonly maxWaitMs?: number;
  readonly partitionsConsumedConcurrently?: number;
  readonly onError?: (error: unknown, event: { topic: string; partition: number; offset: string }) => void;
  /** Called when the consumer has joined its group (and has its partitions). */
  readonly onGroupJoin?: () => void;
}

/** Effectively once: an inbox row and the handler's writes in one transaction; poison goes to the DLQ. */
export interface InboxDeliveryOptions extends ConsumerOptionsBase {
  readonly delivery?: 'inbox';
  readonly pool: Pool;
  /** The consuming service's schema (its inbox table lives there). */
  readonly schema: string;
  /**
   * Opens the transaction the inbox row and the handler's writes share: the event store's, so the handler appends
   * through `tx` (D5). Without it the engine opens a plain transaction on the pool and `tx` is undefined.
   */
  readonly transaction?: <T>(work: (tx: EventStoreTransaction) => Promise<T>) => Promise<T>;
  /** Applies one event inside the transaction that also records it in the inbox. */
  readonly handle: (event: ConsumedEvent, client: PoolClient, tx?: EventStoreTransaction) => Promise<void>;
  /** Attempts before a message goes to the dead-letter topic. */
  readonly maxAttempts?: number;
  readonly retryDelayMs?: number;
}

/**
 * Live: what arrives from now on, at most once, in memory (the gateway's event stream). No inbox, no retries, no
 * dead-letter topic: a message that cannot be read or handled is reported through `onError` and skipped.
 */
export interface LiveDeliveryOptions extends ConsumerOptionsBase {
  readonly delivery: 'live';
  readonly handle: (event: ConsumedEvent) => Promise<void>;
}

export type InboxConsumerOptions = InboxDeliveryOptions | LiveDeliveryOptions;

/** The contracts a consumer reads its events with. */
export interface EventContracts {
  /** The definition of a type at a version, if the catalogue has it. */
  find(type: string, version: number): EventDefinition | undefined;
  /** The types the consumer handles; others are committed past. */
  readonly handles: ReadonlySet<string>;
}

/** A message whose `tenant` header names another org unit than its payload: someone rewrote one of them. */
export class OrgUnitMismatchError extends Error {
  override readonly name = 'OrgUnitMismatchError';

  constructor(
    readonly header: string,
    readonly payload: string,
  ) {
    super(`tenant header '${header}' disagrees with the payload's tenant '${payload}'`);
  }
}

/**
 * A message on a topic, or from a source, that its type's context does not publish: `identity.GrantRevoked` comes
 * from `/yuqing/identity` on `yuqing.identity.events.v1`, or it is not identity's. Headers can be forged by anyone
 * who may write to the topic: only topic ACLs (deployment) stop that; this check stops the rest.
 */
export class UntrustedProducerError extends Error {
  override readonly name = 'UntrustedProducerError';

  constructor(type: string, where: string) {
    super(`${type} ${where}`);
  }
}

/**
 * Thrown by a handler that refuses an event for what it says, e.g. an `IncidentDetected` that would move a known
 * incident to another unit: the same message would be refused again, so it goes to the dead-letter topic at once
 * (with this message as its reason, and the consumer's warning in the log), its effects rolled back.
 */
export class RefusedEventError extends Error {
  override readonly name = 'RefusedEventError';
}

/** A handled type at a version the catalogue does not know: the same message would fail again. */
export class UnknownContractError extends Error {
  override readonly name = 'UnknownContractError';

  constructor(type: string, version: number) {
    super(`no contract for ${type} v${version}`);
  }
}

export type StartFrom = 'earliest' | 'latest' | { readonly timestamp: number };

const tracer = trace.getTracer('yuqing-messaging');

/**
 * Failures that say nothing about the message: the database unreachable, restarting or overloaded, a
 * serialisation failure or deadlock, a concurrent writer. They are retried until they pass; only a failure
 * that the same message would meet again goes to the dead-letter topic.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof ConcurrencyError) return true;
  const { code } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown };
  if (typeof code !== 'string') return false;
  return (
    code.startsWith('08') || // connection exceptions
    [
      '57P01',
      '57P02',
      '57P03',
      '53300',
      '40001',
      '40P01',
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
    ].includes(code)
  );
}

/**
 * Consumes events with effectively-once effects: each message is handled in one PostgreSQL transaction with an
 * inbox row keyed by event id, so a redelivery changes nothing. A message that keeps failing goes to
 * `<topic>.dlq` with its error and original headers, and the partition moves on.
 */
export class InboxConsumer {
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;

  constructor(private readonly options: InboxConsumerOptions) {}

  async start(): Promise<void> {
    const { kafka, groupId } = this.options;
    if (this.options.delivery !== 'live') {
      const producer = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      this.producer = producer;
    }
    const sessionTimeout = this.options.sessionTimeoutMs ?? 30000;
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout,
      heartbeatInterval: this.options.heartbeatMs ?? Math.min(3000, Math.floor(sessionTimeout / 3)),
      ...(this.options.maxWaitMs !== undefined ? { maxWaitTimeInMs: this.options.maxWaitMs } : {}),
    });
    const { onGroupJoin } = this.options;
    if (onGroupJoin) consumer.on(consumer.events.GROUP_JOIN, () => onGroupJoin());
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      metrics
        .consumerLag()
        .set(
          { group: groupId, topic: payload.topic, partition: String(payload.partition) },
          Number(payload.offsetLag),
        );
    });
    // A live consumer has no past to catch up on: what it missed, no one was listening for.
    const startFrom = this.options.delivery === 'live' ? 'latest' : (this.options.startFrom ?? 'earliest');
    if (typeof startFrom === 'object') await this.placeNewGroupAt(startFrom.timestamp);
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.options.topics], fromBeginning: startFrom !== 'latest' });
    this.consumer = consumer;
    await consumer.run({
      autoCommit: true,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachMessage: (payload) => this.onMessage(payload),
    });
  }

  /**
   * Commits, for a group with no committed offsets, the first offset at or after `timestamp` on every partition,
   * so the group starts there. Kafka only accepts this while the group has no members; if another instance of the
   * service got there first, its placement stands.
   */
  private async placeNewGroupAt(timestamp: number): Promise<void> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      for (const topic of this.options.topics) {
        // kafkajs does not retry the offset fetch itself; on a fresh broker the group coordinator may not be
        // ready yet (NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS), which passes in a moment.
        const [committed] = await retryingRetriable(() =>
          admin.fetchOffsets({ groupId: this.options.groupId, topics: [topic] }),
        );
        if (committed?.partitions.some((p) => p.offset !== '-1')) continue;
        const partitions = await admin.fetchTopicOffsetsByTimestamp(topic, timestamp);
        await retryingRetriable(() =>
          admin.setOffsets({
            groupId: this.options.groupId,
            topic,
            partitions: partitions.map(({ partition, offset }) => ({ partition, offset })),
          }),
        ).catch((error: unknown) => this.options.onError?.(error, { topic, partition: -1, offset: '' }));
      }
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * Applies an event as if it had come from Kafka, without Kafka (tests): the contract, the inbox and the
   * transaction, no retries, errors thrown; not the topic and source checks (nothing came from a broker). A
   * payload without `tenant` gets the event's org unit. True when applied, false for a duplicate or a type not
   * handled.
   */
  async deliver(event: ConsumedEvent): Promise<boolean> {
    const data =
      typeof event.data === 'object' && event.data !== null && !('tenant' in event.data)
        ? { ...event.data, tenant: event.orgUnit }
        : event.data;
    const read = this.read({ ...event, data, headers: { ...event.headers, tenant: event.orgUnit } });
    if (!read) return false;
    if (this.options.delivery === 'live') {
      await this.options.handle(read);
      return true;
    }
    return this.handleOnce(this.options, read);
  }

  /** Leaves the group after the message in hand, committing offsets, so the next member takes over at once. */
  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    this.consumer = undefined;
    this.producer = undefined;
  }

  private async onMessage({ topic, partition, message }: EachMessagePayload): Promise<void> {
    const headers = headersToStrings(message.headers);
    const where = { topic, partition, offset: message.offset };
    let event: ConsumedEvent | undefined;
    try {
      event = this.read(fromMessage(headers, message.value), topic);
    } catch (error) {
      if (this.options.delivery === 'live') {
        this.options.onError?.(error, where);
        return;
      }
      await this.deadLetter(topic, partition, message.offset, message.key, message.value, headers, error, 1);
      return;
    }
    if (!event) return;
    if (this.options.delivery === 'live') {
      await this.options.handle(event).catch((error: unknown) => this.options.onError?.(error, where));
      return;
    }
    const parent = propagation.extract(ROOT_CONTEXT, headers);
    const span = tracer.startSpan(
      `process ${topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.consumer.group.name': this.options.groupId,
          'messaging.message.id': event.eventId,
        },
      },
      parent,
    );
    const options = this.options;
    const maxAttempts = options.maxAttempts ?? 3;
    const handled = event;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const applied = await context.with(trace.setSpan(parent, span), () =>
            this.handleOnce(options, handled),
          );
          metrics
            .consumerHandled()
            .inc({ group: this.options.groupId, outcome: applied ? 'handled' : 'duplicate' });
          return;
        } catch (error) {
          this.options.onError?.(error, where);
          // The database or a concurrent writer, not the message: wait and try again, never park it.
          if (isTransient(error) && this.consumer) {
            await new Promise((resolve) =>
              setTimeout(resolve, Math.min(5000, (options.retryDelayMs ?? 200) * 2 ** Math.min(attempt, 5))),
            );
            continue;
          }
          if (attempt >= maxAttempts || error instanceof RefusedEventError) {
            span.setStatus({
              code: SpanStatusCode.ERROR,
              message: error instanceof Error ? error.message : String(error),
            });
            await this.deadLetter(
              topic,
              partition,
              message.offset,
              message.key,
              message.value,
              headers,
              error,
              attempt,
            );
            return;
          }
          await new Promise((resolve) =>
            setTimeout(resolve, (options.retryDelayMs ?? 200) * 2 ** (attempt - 1)),
          );
        }
      }
    } finally {
      span.end();
    }
  }

  /**
   * The event as handlers see it, or undefined for a type this consumer does not handle. With contracts, the
   * payload is parsed with the published schema and its `tenant` must be the header's; it becomes the org unit.
   * From Kafka (`topic` given), the message must have come on its contract's topic from its context's source.
   * Throws what goes to the dead-letter topic at once: the same message would fail again.
   */
  private read(event: ConsumedEvent, topic?: string): ConsumedEvent | undefined {
    const { contracts } = this.options;
    if (!contracts) return event;
    if (!contracts.handles.has(event.type)) return undefined;
    const definition = contracts.find(event.type, event.schemaVersion);
    if (!definition) throw new UnknownContractError(event.type, event.schemaVersion);
    if (topic !== undefined) {
      if (topic !== definition.topic) throw new UntrustedProducerError(event.type, `arrived on ${topic}`);
      const source = eventSource(definition.context);
      if (event.source !== source) {
        throw new UntrustedProducerError(event.type, `from '${event.source.slice(0, 200)}', not ${source}`);
      }
    }
    const parsed = definition.safeParsePublished(event.data);
    if (!parsed.success) throw parsed.error;
    const { tenant, ...data } = parsed.data;
    if (tenant !== event.headers.tenant) throw new OrgUnitMismatchError(event.headers.tenant ?? '', tenant);
    // Handlers get the event's data as its contract gives it; the org unit is beside it.
    return { ...event, data, orgUnit: tenant, metadata: { ...event.metadata, orgUnit: tenant } };
  }

  /** True when the event was applied, false when the inbox already had it. */
  private async handleOnce(options: InboxDeliveryOptions, event: ConsumedEvent): Promise<boolean> {
    const claim = (client: PoolClient) =>
      client.query(
        `insert into ${options.schema}.inbox (consumer, event_id) values ($1, $2) on conflict do nothing`,
        [options.groupId, event.eventId],
      );
    if (options.transaction) {
      // The event store's transaction: the handler's appends commit with the inbox row, or neither does (D5).
      return options.transaction(async (tx) => {
        if ((await claim(tx.client)).rowCount === 0) return false;
        await options.handle(event, tx.client, tx);
        return true;
      });
    }
    const client = await options.pool.connect();
    try {
      await client.query('begin');
      const inserted = await claim(client);
      if (inserted.rowCount === 0) {
        await client.query('rollback');
        return false;
      }
      await options.handle(event, client);
      await client.query('commit');
      return true;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    offset: string,
    key: Buffer | null,
    value: Buffer | null,
    headers: Record<string, string>,
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const reason =
      error instanceof MalformedMessageError
        ? error.message
        : error instanceof Error
          ? `${error.name}: ${error.message}`
          : String(error);
    metrics.consumerHandled().inc({ group: this.options.groupId, outcome: 'dead-lettered' });
    await this.producer!.send({
      topic: deadLetterTopic(topic),
      acks: -1,
      messages: [
        {
          key,
          value,
          headers: {
            ...headers,
            dlq_error: reason.slice(0, 2000),
            dlq_attempts: String(attempts),
            dlq_group: this.options.groupId,
            dlq_original_topic: topic,
            dlq_original_partition: String(partition),
            dlq_original_offset: offset,
            dlq_failed_at: new Date().toISOString(),
          },
        },
      ],
    });
  }
}

/** Runs `attempt`, again after a short pause while it fails with an error Kafka marks retriable. */
async function retryingRetriable<T>(attempt: () => Promise<T>, attempts = 8): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const retriable = (error as { retriable?: unknown }).retriable === true;
      if (!retriable || n >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * 2 ** n)));
    }
  }
}
