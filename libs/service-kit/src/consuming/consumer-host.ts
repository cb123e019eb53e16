import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
  type Type,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { ConfigError, startFromOf, type ConsumerSettings } from '@yuqing/config';
import type { Actor, EventDefinition } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import { InboxConsumer, type ConsumedEvent, type EventContracts } from '@yuqing/messaging';
import type { Logger } from '@yuqing/telemetry';
import { Clock } from '../clock';
import { KAFKA, LOGGER, PG_POOL, SERVICE_CONFIG, SERVICE_NAME } from '../tokens';
import {
  INBOX_HANDLER,
  type HandlesInbox,
  type HandlesLiveEvents,
  type InboxEvent,
  type InboxHandlerSpec,
} from './inbox-handler';
import { inboxTransaction } from './inbox-transaction';

interface Registered {
  readonly spec: InboxHandlerSpec;
  readonly groupId: string;
  readonly engine: InboxConsumer;
}

/**
 * Runs every `@InboxHandler` of the application: one engine (InboxConsumer) per handler, group
 * `<CONSUMER_GROUP_PREFIX or the service name>.<purpose>`, settings from the validated config, the handler's
 * writes in the event store's transaction with the inbox row (D5). Started after every module is initialised
 * (migrations done), stopped before the pool closes.
 */
@Injectable()
export class ConsumerHost implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly handlers = new Map<Type<unknown>, Registered>();
  private readonly actor: Actor;
  private readonly prefix: string;

  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(SERVICE_CONFIG) private readonly config: Partial<ConsumerSettings>,
    @Inject(SERVICE_NAME) serviceName: string,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.actor = { kind: 'service', id: serviceName };
    this.prefix = config.CONSUMER_GROUP_PREFIX ?? serviceName;
    // Kafka takes a member that heartbeats less often than its session timeout for dead, over and over.
    if ((config.KAFKA_HEARTBEAT_MS ?? 3000) >= (config.KAFKA_SESSION_TIMEOUT_MS ?? 10_000)) {
      throw new ConfigError('KAFKA_HEARTBEAT_MS', 'must be less than KAFKA_SESSION_TIMEOUT_MS');
    }
  }

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const { metatype, instance } = wrapper;
      if (!metatype || !instance || typeof metatype !== 'function') continue;
      const spec = Reflect.getMetadata(INBOX_HANDLER, metatype) as InboxHandlerSpec | undefined;
      if (!spec || this.handlers.has(metatype as Type<unknown>)) continue;
      this.handlers.set(metatype as Type<unknown>, this.register(spec, instance as HandlesInbox));
    }
  }

  /** The consumer group of a handler (for tests and operators). */
  groupOf(handler: Type<unknown>): string {
    return this.registered(handler).groupId;
  }

  /**
   * Applies an event to a handler as a message from Kafka would be, without Kafka: the contract, the inbox row
   * and the transaction, no tenant header to check. True when applied, false for a duplicate or a type the
   * handler does not handle. For tests.
   */
  async deliver(handler: Type<unknown>, event: InboxEvent): Promise<boolean> {
    return this.registered(handler).engine.deliver({ ...event, headers: { tenant: event.orgUnit } });
  }

  async onApplicationBootstrap(): Promise<void> {
    // Each engine connects, places its new group and joins it on its own: started together, a service with five
    // consumers is ready in the time of the slowest, not of all five in turn.
    await Promise.all([...this.handlers.values()].map(({ engine }) => engine.start()));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.handlers.values()].map(({ engine }) => engine.stop()));
  }

  private registered(handler: Type<unknown>): Registered {
    const registered = this.handlers.get(handler);
    if (!registered) throw new Error(`${handler.name} is not a provider decorated with @InboxHandler`);
    return registered;
  }

  private register(spec: InboxHandlerSpec, instance: HandlesInbox | HandlesLiveEvents): Registered {
    const config = this.config;
    const live = spec.delivery === 'live';
    // A live group is this instance's alone: every gateway instance sees every event.
    const groupId = live
      ? `${this.prefix}.${spec.purpose}-${randomUUID()}`
      : `${this.prefix}.${spec.purpose}`;
    const common = {
      kafka: this.kafka,
      groupId,
      topics: [...new Set(spec.events.map((e) => e.topic))],
      contracts: contractsOf(spec.events),
      // The defaults of libs/config, for a config object built without the shared schema.
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS ?? 10_000,
      heartbeatMs: config.KAFKA_HEARTBEAT_MS ?? 3000,
      maxWaitMs: config.CONSUMER_MAX_WAIT_MS ?? 100,
      partitionsConsumedConcurrently: spec.concurrency ?? 1,
      onError: (error: unknown, where: { topic: string; partition: number; offset: string }) =>
        this.logger.warn({ err: error, group: groupId, ...where }, 'an event could not be handled yet'),
    };
    if (live) {
      const handler = instance as HandlesLiveEvents;
      return {
        spec,
        groupId,
        engine: new InboxConsumer({
          ...common,
          delivery: 'live',
          ...(handler.joined ? { onGroupJoin: () => handler.joined?.() } : {}),
          handle: (event) => handler.handle(inboxEventOf(event)),
        }),
      };
    }
    const handler = instance as HandlesInbox;
    return {
      spec,
      groupId,
      engine: new InboxConsumer({
        ...common,
        pool: this.pool,
        schema: this.store.schema,
        transaction: (work) => this.store.transaction(work),
        startFrom: handler.startFrom?.() ?? startFromOf(config.CONSUME_FROM ?? 'earliest'),
        maxAttempts: config.CONSUMER_MAX_ATTEMPTS ?? 3,
        retryDelayMs: config.CONSUMER_RETRY_DELAY_MS ?? 200,
        handle: (consumed, _client, tx) => {
          if (!tx) throw new Error('an inbox handler ran outside the event store transaction');
          const event = inboxEventOf(consumed);
          return handler.handle(event, inboxTransaction(tx, event, this.actor, this.clock.now()));
        },
      }),
    };
  }
}

function contractsOf(events: readonly EventDefinition[]): EventContracts {
  return {
    handles: new Set(events.map((e) => e.type)),
    find: (type, version) => events.find((e) => e.type === type && e.schemaVersion === version),
  };
}

function inboxEventOf(event: ConsumedEvent): InboxEvent {
  return {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    streamPosition: event.streamPosition,
    ...(event.hash ? { hash: event.hash } : {}),
    time: event.time,
    source: event.source,
    orgUnit: event.orgUnit,
    metadata: event.metadata,
    data: event.data,
  };
}
