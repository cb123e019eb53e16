import {
  DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CqrsModule, EventBus } from '@nestjs/cqrs';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import type { RecordedEvent } from '@yuqing/contracts';
import {
  EventReader,
  loadLogSealKey,
  loadPreviousSealKeys,
  LogSealer,
  logSealMigrations,
  migrate,
  PostgresEventStore,
  ProjectionRunner,
  UpcasterChain,
  type ProjectionDefinition,
  type Upcaster,
} from '@yuqing/event-store';
import { OutboxRelay, topicByContext } from '@yuqing/messaging';
import type { Logger } from '@yuqing/telemetry';
import { commandMigrations, commandProviders, CommandPipeline, IdempotencyStore } from '../commands';
import { ConsumerHost } from '../consuming/consumer-host';
import { ReadinessRegistry } from '../health/readiness';
import { KAFKA, LOGGER, PG_POOL } from '../tokens';
import { ChainVerifier } from './chain-verification';

/** In-process notice that an event was committed; @nestjs/cqrs handlers subscribe to it. Not durable: Kafka is. */
export class EventCommitted {
  constructor(readonly event: RecordedEvent) {}
}

export interface EventSourcingOptions {
  /** The service's schema for its events, checkpoints and inbox, e.g. 'grading'. */
  readonly schema: string;
  /** CloudEvents source of the service's events, e.g. '/yuqing/grading'. */
  readonly source: string;
  readonly upcasters?: readonly Upcaster[];
  /** The service's declared read models (defineProjection), run by the one ProjectionRunner. */
  readonly projections?: readonly ProjectionDefinition[];
  /** Where each event is published; its context's topic by default. */
  readonly topicFor?: (event: RecordedEvent) => string;
  /** Run the outbox relay in this service (default true). */
  readonly relay?: boolean;
}

const RELAY = Symbol('RELAY');

/**
 * The log sealer (docs/event-store.md, "Signed seals"), when a key is configured: YUQING_LOG_SEAL_KEY (PEM) or
 * YUQING_LOG_SEAL_KEY_FILE, every YUQING_LOG_SEAL_INTERVAL_SECONDS (default 900), trusting seals of earlier keys
 * given in YUQING_LOG_SEAL_PREVIOUS_KEYS. Without a key nothing is
 * sealed: a key made up per process would leave seals that nobody can verify later.
 */
function logSealerFromEnv(pool: Pool, schema: string): { sealer: LogSealer; intervalMs: number } | undefined {
  const key = loadLogSealKey(process.env);
  if (!key) return undefined;
  const seconds = Number(process.env['YUQING_LOG_SEAL_INTERVAL_SECONDS'] ?? 900);
  if (!Number.isInteger(seconds) || seconds < 1)
    throw new Error('YUQING_LOG_SEAL_INTERVAL_SECONDS must be a whole number of seconds');
  const previousKeys = loadPreviousSealKeys(process.env);
  return { sealer: new LogSealer({ pool, schema, key, previousKeys }), intervalMs: seconds * 1000 };
}

class EventSourcingLifecycle implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private seal: { sealer: LogSealer; intervalMs: number } | undefined;

  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(RELAY) private readonly relay: OutboxRelay | undefined,
    @Inject(EventBus) private readonly eventBus: EventBus,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.pool, this.store.schema, [
      ...this.store.migrations(),
      ...commandMigrations(this.store.schema),
      ...logSealMigrations(this.store.schema),
    ]);
    this.seal = logSealerFromEnv(this.pool, this.store.schema);
    this.readiness.add({
      name: 'event-store',
      check: async () => void (await this.pool.query(`select 1 from ${this.store.schema}.events limit 1`)),
    });
    // After commit only: handlers never see an event that was rolled back.
    this.store.onCommitted((events) => {
      this.relay?.nudge();
      this.eventBus.publishAll(events.map((event) => new EventCommitted(event)));
    });
  }

  onApplicationBootstrap(): void {
    this.relay?.start();
    this.projections.start();
    // The first seal soon after start, so that a service restarted more often than the interval still seals.
    this.seal?.sealer.start(
      this.seal.intervalMs,
      (error) => this.logger.error({ err: error }, 'log seal failed; trying again at the next interval'),
      Math.min(this.seal.intervalMs, 30_000),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.projections.stop();
    await this.seal?.sealer.stop();
  }
}

/**
 * The event store of a service, its outbox relay to Kafka, and the bridge to @nestjs/cqrs: command handlers
 * load a stream, decide, append (see handleCommand); in-process event handlers run after commit.
 */
@Module({})
export class EventSourcingModule {
  static forRoot(options: EventSourcingOptions): DynamicModule {
    return {
      module: EventSourcingModule,
      imports: [CqrsModule.forRoot(), DiscoveryModule],
      providers: [
        {
          provide: ProjectionRunner,
          inject: [PG_POOL, LOGGER],
          useFactory: (pool: Pool, logger: Logger) =>
            new ProjectionRunner({
              pool,
              schema: options.schema,
              reader: new EventReader(options.schema, new UpcasterChain(options.upcasters)),
              projections: options.projections ?? [],
              onError: (error) => logger.error({ err: error }, 'async projection failed; retrying'),
            }),
        },
        {
          provide: PostgresEventStore,
          inject: [PG_POOL, ProjectionRunner],
          useFactory: (pool: Pool, runner: ProjectionRunner) =>
            new PostgresEventStore({
              pool,
              schema: options.schema,
              ...(options.upcasters ? { upcasters: options.upcasters } : {}),
              // The declared inline projections run in every append's transaction.
              ...(runner.projections.length > 0
                ? { onAppend: runner.applyInline, onAppendTypes: runner.inlineEventTypes }
                : {}),
            }),
        },
        {
          provide: RELAY,
          inject: [PostgresEventStore, PG_POOL, KAFKA, LOGGER],
          useFactory: (store: PostgresEventStore, pool: Pool, kafka: Kafka, logger: Logger) =>
            options.relay === false
              ? undefined
              : new OutboxRelay({
                  store,
                  pool,
                  kafka,
                  source: options.source,
                  topicFor: options.topicFor ?? topicByContext,
                  onError: (error) => logger.error({ err: error }, 'outbox relay failed; retrying'),
                }),
        },
        EventSourcingLifecycle,
        ChainVerifier,
        // Runs the application's @InboxHandlers on this store (D5).
        ConsumerHost,
        ...commandProviders,
      ],
      exports: [
        PostgresEventStore,
        ProjectionRunner,
        CqrsModule,
        ConsumerHost,
        CommandPipeline,
        IdempotencyStore,
        ChainVerifier,
      ],
    };
  }
}
