import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import type { RecordedEvent } from '@yuqing/contracts';
import { advanceCheckpoint, loadCheckpoint, PollingLoop, type PostgresEventStore } from '@yuqing/event-store';
import { toMessage } from '../cloudevents';
import { metrics } from '../metrics';

export interface OutboxRelayOptions {
  readonly store: PostgresEventStore;
  readonly pool: Pool;
  readonly kafka: Kafka;
  /** CloudEvents source of this service, e.g. `/yuqing/grading`. */
  readonly source: string;
  /** The topic an event goes to; by default its context's topic, from the type's prefix. */
  readonly topicFor: (event: RecordedEvent) => string;
  /** Names the checkpoint and the leader lock; one relay of a name publishes at a time. */
  readonly name?: string;
  readonly batchSize?: number;
  readonly idleMs?: number;
  readonly onError?: (error: unknown) => void;
}

const tracer = trace.getTracer('yuqing-messaging');

/**
 * Publishes a service's events table (its outbox) to Kafka in commit order, then moves its checkpoint. A crash
 * between publishing and the checkpoint publishes the batch again (at least once); consumers deduplicate by
 * event id. Several replicas may run: a session advisory lock lets one publish at a time.
 */
export class OutboxRelay {
  private readonly name: string;
  private readonly loop: PollingLoop;
  private producer: Producer | undefined;
  private leader: PoolClient | undefined;

  constructor(private readonly options: OutboxRelayOptions) {
    this.name = options.name ?? 'kafka-relay';
    this.loop = new PollingLoop(() => this.runOnce(), {
      idleMs: options.idleMs ?? 100,
      onError: options.onError,
    });
  }

  get checkpointName(): string {
    return `relay:${this.name}`;
  }

  start(): void {
    this.loop.start();
  }

  /** Publishes without waiting for the idle poll, e.g. right after an append in this process. */
  nudge(): void {
    this.loop.nudge();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await this.producer?.disconnect();
    this.producer = undefined;
    // Taken out of the field first: the connection's error handler may run during the unlock and must not
    // release it a second time.
    const leader = this.leader;
    this.leader = undefined;
    if (leader) {
      await leader.query('select pg_advisory_unlock(hashtext($1))', [this.lockKey()]).catch(() => undefined);
      leader.release();
    }
  }

  /** Publishes the next batch; returns how many events went out (0 when there was nothing or it is not leader). */
  async runOnce(): Promise<number> {
    if (!(await this.leadership())) return 0;
    const { store, pool } = this.options;
    const from = await loadCheckpoint(pool, store.schema, this.checkpointName);
    // With the hashes: published as ce_hash, so a consumer can link to the exact event.
    const page = await store.readAll(from, this.options.batchSize ?? 500, { hashes: true });
    if (page.events.length === 0) {
      metrics.relayLag().set({ relay: this.name }, 0);
      return 0;
    }
    const byTopic = new Map<string, Message[]>();
    for (const event of page.events) {
      const topic = this.options.topicFor(event);
      const messages = byTopic.get(topic) ?? [];
      messages.push(this.toMessage(event, topic));
      byTopic.set(topic, messages);
    }
    const producer = await this.connectedProducer();
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
    if (!(await advanceCheckpoint(pool, store.schema, this.checkpointName, from, page.checkpoint))) {
      // Someone moved the checkpoint (a relay that lost its lock mid-batch): our batch was a duplicate, harmless.
      return 0;
    }
    metrics.relayPublished().inc({ relay: this.name }, page.events.length);
    // A short page means the relay has caught up: the head is only asked for while it is behind.
    const behind =
      page.events.length < (this.options.batchSize ?? 500)
        ? 0
        : Math.max(
            0,
            Number(BigInt((await store.head()).globalPosition) - BigInt(page.checkpoint.globalPosition)),
          );
    metrics.relayLag().set({ relay: this.name }, behind);
    return page.events.length;
  }

  private toMessage(event: RecordedEvent, topic: string): Message {
    const { key, value, headers } = toMessage(event, this.options.source);
    // Continue the trace of the request that stored the event: a producer span under its stored traceparent.
    const parent = propagation.extract(ROOT_CONTEXT, headers);
    const span = tracer.startSpan(
      `publish ${topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': topic,
          'messaging.message.id': event.eventId,
        },
      },
      parent,
    );
    const carrier: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), span), carrier);
    span.end();
    return { key, value, headers: { ...headers, ...carrier } };
  }

  private async connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.options.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  private lockKey(): string {
    return `yuqing.relay.${this.options.store.schema}.${this.name}`;
  }

  /**
   * Whether this relay holds the lock. A held lock is checked on its own connection before every batch: a
   * connection that died (or a session the server ended) has released the lock, and another relay may have it.
   */
  private async leadership(): Promise<boolean> {
    if (this.leader) {
      try {
        const { rows } = await this.leader.query<{ held: boolean }>(
          `select exists (select 1 from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and granted) as held`,
        );
        if (rows[0]?.held) return true;
        this.dropLeadership();
      } catch (error) {
        this.dropLeadership(error);
      }
    }
    const client = await this.options.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        'select pg_try_advisory_lock(hashtext($1)) as locked',
        [this.lockKey()],
      );
      if (!rows[0]?.locked) {
        client.release();
        return false;
      }
    } catch (error) {
      client.release(error instanceof Error ? error : true);
      throw error;
    }
    // A broken leader connection goes back to the pool as broken (destroyed), never as a usable client.
    client.on('error', (error) => {
      if (this.leader === client) this.dropLeadership(error);
    });
    this.leader = client;
    return true;
  }

  private dropLeadership(error?: unknown): void {
    const leader = this.leader;
    this.leader = undefined;
    leader?.release(error instanceof Error ? error : true);
  }
}
