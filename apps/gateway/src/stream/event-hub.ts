import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Consumer, Kafka } from 'kafkajs';
import { CONTEXTS, eventsTopic } from '@yuqing/contracts';
import { fromMessage, headersToStrings, type ConsumedEvent } from '@yuqing/messaging';
import { KAFKA, LOGGER } from '@yuqing/service-kit';
import type { Logger } from '@yuqing/telemetry';

export const STREAM_OPTIONS = Symbol('STREAM_OPTIONS');
export interface StreamOptions {
  /** Consumer group of this gateway instance: every instance sees every event, so each has its own group. */
  readonly groupId?: string;
}

type Listener = (event: ConsumedEvent) => void;

/**
 * Every context's public events as they arrive on Kafka, fanned out in memory to the open SSE connections of
 * this instance. Live only: a new instance starts at the end of each topic.
 */
@Injectable()
export class EventHub implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer: Consumer | undefined;
  private readonly listeners = new Set<Listener>();
  private joined!: () => void;
  /** Resolves once the consumer has its partitions: from then on every committed event is delivered. */
  readonly ready: Promise<void> = new Promise((resolve) => (this.joined = resolve));

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(STREAM_OPTIONS) private readonly options: StreamOptions,
  ) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId ?? `gateway.stream.${randomUUID()}`,
      sessionTimeout: 10000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: 100,
    });
    consumer.on(consumer.events.GROUP_JOIN, () => this.joined());
    await consumer.connect();
    await consumer.subscribe({
      topics: CONTEXTS.map((context) => eventsTopic(context)),
      fromBeginning: false,
    });
    await consumer.run({
      autoCommit: true,
      eachMessage: async ({ message }) => {
        let event: ConsumedEvent;
        try {
          event = fromMessage(headersToStrings(message.headers), message.value);
        } catch (error) {
          this.logger.warn({ err: error }, 'skipping a malformed event on the live stream');
          return;
        }
        for (const listener of this.listeners) listener(event);
      },
    });
    this.consumer = consumer;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }
}
