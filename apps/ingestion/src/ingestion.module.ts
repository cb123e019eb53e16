import {
  DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { AuthModule, TokenVerifier } from '@yuqing/auth';
import { eventSource } from '@yuqing/contracts';
import { migrate, PostgresEventStore } from '@yuqing/event-store';
import {
  EventSourcingModule,
  LOGGER,
  PG_POOL,
  ServiceKitModule,
  type ServiceKitOptions,
} from '@yuqing/service-kit';
import type { Logger } from '@yuqing/telemetry';
import { CaptureItemsController } from './capture-items/capture-items.controller';
import { CapturePipeline } from './capture-items/capture-pipeline';
import { CorrectClusteringController } from './correct-clustering/correct-clustering.controller';
import { CorrectClusteringHandler } from './correct-clustering/correct-clustering.handler';
import { loadGazetteer, loadSourceCatalogue } from './capture-items/deployment-files';
import { DefineMonitoringRuleController } from './define-monitoring-rule/define-monitoring-rule.controller';
import type { IngestionConfig } from './ingestion.config';
import { CLOCK, INGESTION_CONFIG, SOURCE_CATALOGUE, WORDS_CACHE } from './ingestion.tokens';
import { DemoFeedServer } from './demo/demo-feeds';
import { loadDemo } from './demo/demo-loader';
import { FeedPoller } from './poll-feeds/feed-poller';
import { ingestionProjection } from './read-models/ingestion.projection';
import {
  IncidentOrgUnitResolver,
  ItemOrgUnitResolver,
  WatchWindowOrgUnitResolver,
} from './read-models/item-org-unit.resolver';
import { ImportItemsController } from './import-items/import-items.controller';
import { IngestionQueriesController } from './read-models/queries.controller';
import { readModelMigrations } from './read-models/schema';
import { RegisterSourceController } from './register-source/register-source.controller';
import { ScheduleWatchWindowController } from './schedule-watch-window/schedule-watch-window.controller';
import { SourceCatalogueController } from './list-source-catalogue/source-catalogue.controller';
import { TransferItemInController } from './transfer-item-in/transfer-item-in.controller';
import { VerifyItemController } from './verify-item/verify-item.controller';

class IngestionLifecycle implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly demoFeeds = new DemoFeedServer();

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(FeedPoller) private readonly poller: FeedPoller,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    // The event store's own tables are migrated by EventSourcingModule, initialised before this module.
    await migrate(this.pool, this.store.schema, readModelMigrations(this.store.schema));
    if (this.config.YUQING_DEMO) {
      const base = await this.demoFeeds.start(this.config.DEMO_FEEDS_PORT);
      const written = await loadDemo(this.store, base);
      this.logger.info({ feeds: base, written }, 'demo feeds served; demo sources and rules registered');
    }
  }

  onApplicationBootstrap(): void {
    if (this.config.FEED_POLLER === 'on') this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
    await this.demoFeeds.stop();
  }
}

/** 24-hour monitoring: sources, rules, capture, clustering into incidents, heat, verification. */
@Module({})
export class IngestionModule {
  /** `verifier` replaces the JWKS-backed one (tests sign their own tokens); `clock` drives time in tests. */
  static register(
    kit: ServiceKitOptions,
    config: IngestionConfig,
    overrides: { verifier?: TokenVerifier; clock?: () => Date } = {},
  ): DynamicModule {
    const schema = config.INGESTION_SCHEMA;
    const words = new Map<string, readonly string[]>();
    const clock = overrides.clock ?? (() => new Date());
    const catalogue = loadSourceCatalogue(config.SOURCE_CATALOGUE_FILE);
    const places = loadGazetteer(config.GAZETTEER_FILE);
    return {
      module: IngestionModule,
      imports: [
        ServiceKitModule.forRoot(kit),
        EventSourcingModule.forRoot({
          schema,
          source: eventSource('ingestion'),
          inlineProjections: [ingestionProjection(schema, words)],
        }),
        AuthModule.forRoot({
          schema: `${schema}_auth`,
          verifier:
            overrides.verifier ??
            new TokenVerifier({
              issuer: config.AUTH_ISSUER,
              audience: config.AUTH_AUDIENCE,
              keys: { jwksUrl: config.AUTH_JWKS_URL },
            }),
          resolvers: {
            item: ItemOrgUnitResolver,
            incident: IncidentOrgUnitResolver,
            'watch-window': WatchWindowOrgUnitResolver,
          },
          revocationGroupId: `${schema}.revocations`,
        }),
      ],
      controllers: [
        RegisterSourceController,
        DefineMonitoringRuleController,
        CaptureItemsController,
        TransferItemInController,
        ImportItemsController,
        VerifyItemController,
        CorrectClusteringController,
        ScheduleWatchWindowController,
        SourceCatalogueController,
        IngestionQueriesController,
      ],
      providers: [
        { provide: INGESTION_CONFIG, useValue: config },
        { provide: WORDS_CACHE, useValue: words },
        { provide: CLOCK, useValue: clock },
        { provide: SOURCE_CATALOGUE, useValue: catalogue },
        {
          provide: CapturePipeline,
          inject: [PostgresEventStore],
          useFactory: (store: PostgresEventStore) =>
            new CapturePipeline(store, words, clock, { catalogue, places }),
        },
        {
          provide: FeedPoller,
          inject: [PostgresEventStore, PG_POOL, CapturePipeline, LOGGER],
          useFactory: (store: PostgresEventStore, pool: Pool, pipeline: CapturePipeline, logger: Logger) =>
            new FeedPoller({
              store,
              pool,
              pipeline,
              // The demo feeds live on loopback: allowed only when the demo is on.
              allowlist: config.YUQING_DEMO
                ? [...config.FEED_ALLOWLIST, `127.0.0.1:${config.DEMO_FEEDS_PORT}`]
                : config.FEED_ALLOWLIST,
              defaultPollSeconds: config.FEED_POLL_SECONDS,
              now: clock,
              onError: (error) => logger.warn({ err: error }, 'feed poll failed'),
            }),
        },
        CorrectClusteringHandler,
        ItemOrgUnitResolver,
        IncidentOrgUnitResolver,
        WatchWindowOrgUnitResolver,
        IngestionLifecycle,
      ],
    };
  }
}
