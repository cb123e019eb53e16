import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Partitioners, type Consumer, type EachMessagePayload, type Kafka, type Producer } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import { deadLetterTopic } from '@yuqing/contracts';
import { ConcurrencyError } from '@yuqing/event-store';
import { fromMessage, headersToStrings, MalformedMessageError, type ConsumedEvent } from '../cloudevents';
import { metrics } from '../metrics';

export interface InboxConsumerOptions {
  readonly kafka: Kafka;
  readonly pool: Pool;
  /** The consuming service's schema (its inbox table lives there). */
  readonly schema: string;
  /** One group per service and purpose, e.g. `grading.propose-grade`. Also names the inbox rows. */
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Applies one event inside the transaction that also records it in the inbox. */
  readonly handle: (event: ConsumedEvent, client: PoolClient) => Promise<void>;
  /** Attempts before a message goes to the dead-letter topic. */
  readonly maxAttempts?: number;
  readonly retryDelayMs?: number;
  /**
   * Where a group that has never committed starts: every retained event (the default: a new service learns the
   * past), only what arrives from now on, or the first event at or after a time (ms since the epoch), for a
   * consumer whose past beyond a horizon cannot matter. A group that has committed resumes where it stopped.
   */
  readonly startFrom?: StartFrom;
  readonly sessionTimeoutMs?: number;
  readonly partitionsConsumedConcurrently?: number;
  readonly onError?: (error: unknown, event: { topic: string; partition: number; offset: string }) => void;
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
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    this.producer = producer;
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30000,
      heartbeatInterval: Math.min(3000, Math.floor((this.options.sessionTimeoutMs ?? 30000) / 3)),
    });
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      metrics
        .consumerLag()
        .set(
          { group: groupId, topic: payload.topic, partition: String(payload.partition) },
          Number(payload.offsetLag),
        );
    });
    const startFrom = this.options.startFrom ?? 'earliest';
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
        const [committed] = await admin.fetchOffsets({ groupId: this.options.groupId, topics: [topic] });
        if (committed?.partitions.some((p) => p.offset !== '-1')) continue;
        const partitions = await admin.fetchTopicOffsetsByTimestamp(topic, timestamp);
        await admin
          .setOffsets({
            groupId: this.options.groupId,
            topic,
            partitions: partitions.map(({ partition, offset }) => ({ partition, offset })),
          })
          .catch((error: unknown) => this.options.onError?.(error, { topic, partition: -1, offset: '' }));
      }
    } finally {
      await admin.disconnect();
    }
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
    let event: ConsumedEvent;
    try {
      event = fromMessage(headers, message.value);
    } catch (error) {
      await this.deadLetter(topic, partition, message.offset, message.key, message.value, headers, error, 1);
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
    const maxAttempts = this.options.maxAttempts ?? 3;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const handled = await context.with(trace.setSpan(parent, span), () => this.handleOnce(event));
          metrics
            .consumerHandled()
            .inc({ group: this.options.groupId, outcome: handled ? 'handled' : 'duplicate' });
          return;
        } catch (error) {
          this.options.onError?.(error, where);
          // The database or a concurrent writer, not the message: wait and try again, never park it.
          if (isTransient(error) && this.consumer) {
            await new Promise((resolve) =>
              setTimeout(
                resolve,
                Math.min(5000, (this.options.retryDelayMs ?? 200) * 2 ** Math.min(attempt, 5)),
              ),
            );
            continue;
          }
          if (attempt >= maxAttempts) {
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
            setTimeout(resolve, (this.options.retryDelayMs ?? 200) * 2 ** (attempt - 1)),
          );
        }
      }
    } finally {
      span.end();
    }
  }

  /** True when the event was applied, false when the inbox already had it. */
  private async handleOnce(event: ConsumedEvent): Promise<boolean> {
    const client = await this.options.pool.connect();
    try {
      await client.query('begin');
      const inserted = await client.query(
        `insert into ${this.options.schema}.inbox (consumer, event_id) values ($1, $2) on conflict do nothing`,
        [this.options.groupId, event.eventId],
      );
      if (inserted.rowCount === 0) {
        await client.query('rollback');
        return false;
      }
      await this.options.handle(event, client);
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
