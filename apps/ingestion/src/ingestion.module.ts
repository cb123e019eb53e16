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
  Clock,
  EventSourcingModule,
  LOGGER,
  PG_POOL,
  ServiceKitModule,
  SystemClock,
  type ServiceKitOptions,
} from '@yuqing/service-kit';
import type { Logger } from '@yuqing/telemetry';
import { CancelWatchWindowController } from './cancel-watch-window/cancel-watch-window.controller';
import { CancelWatchWindowHandler } from './cancel-watch-window/cancel-watch-window.handler';
import { CaptureService } from './capture-items/capture';
import { CaptureItemsController } from './capture-items/capture-items.controller';
import { CaptureItemsHandler } from './capture-items/capture-items.handler';
import { loadGazetteer, loadSourceCatalogue } from './capture-items/deployment-files';
import { DefineMonitoringRuleController } from './define-monitoring-rule/define-monitoring-rule.controller';
import { DefineMonitoringRuleHandler } from './define-monitoring-rule/define-monitoring-rule.handler';
import { DismissItemController } from './dismiss-item/dismiss-item.controller';
import { DismissItemHandler } from './dismiss-item/dismiss-item.handler';
import { ImportItemsHandler } from './import-items/import-items.handler';
import type { IngestionConfig } from './ingestion.config';
import { INGESTION_CONFIG, SOURCE_CATALOGUE, WORDS_CACHE } from './ingestion.tokens';
import { MergeIncidentsController } from './merge-incidents/merge-incidents.controller';
import { MergeIncidentsHandler } from './merge-incidents/merge-incidents.handler';
import { MoveItemController } from './move-item/move-item.controller';
import { MoveItemHandler } from './move-item/move-item.handler';
import { RegisterSourceHandler } from './register-source/register-source.handler';
import { ScheduleWatchWindowHandler } from './schedule-watch-window/schedule-watch-window.handler';
import { SplitIncidentController } from './split-incident/split-incident.controller';
import { SplitIncidentHandler } from './split-incident/split-incident.handler';
import { TransferItemInHandler } from './transfer-item-in/transfer-item-in.handler';
import { VerifyItemHandler } from './verify-item/verify-item.handler';
import { DemoFeedServer } from './demo/demo-feeds';
import { loadDemo } from './demo/demo-loader';
import { FeedPoller } from './poll-feeds/feed-poller';
import { projections } from './read-models';
import {
  IncidentOrgUnitResolver,
  ItemOrgUnitResolver,
  WatchWindowOrgUnitResolver,
} from './read-models/item-org-unit.resolver';
import { ImportItemsController } from './import-items/import-items.controller';
import { IngestionIncidentsController } from './read-models/incidents/incidents.controller';
import { IngestionIncidentsReadModel } from './read-models/incidents/incidents.read-model';
import { RulesController } from './read-models/rules/rules.controller';
import { RulesReadModel } from './read-models/rules/rules.read-model';
import { readModelMigrations } from './read-models/schema';
import { SourcesController } from './read-models/sources/sources.controller';
import { SourcesReadModel } from './read-models/sources/sources.read-model';
import { WatchWindowsController } from './read-models/watch-windows/watch-windows.controller';
import { WatchWindowsReadModel } from './read-models/watch-windows/watch-windows.read-model';
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
    // The one clock of the service (service-kit's Clock); a test's function becomes it.
    const serviceClock: Clock = overrides.clock ? { now: overrides.clock } : (kit.clock ?? new SystemClock());
    const clock = () => serviceClock.now();
    const catalogue = loadSourceCatalogue(config.SOURCE_CATALOGUE_FILE);
    const places = loadGazetteer(config.GAZETTEER_FILE);
    return {
      module: IngestionModule,
      imports: [
        ServiceKitModule.forRoot({ ...kit, clock: serviceClock }),
        EventSourcingModule.forRoot({
          schema,
          source: eventSource('ingestion'),
          projections: projections(schema, words),
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
        }),
      ],
      controllers: [
        RegisterSourceController,
        DefineMonitoringRuleController,
        CaptureItemsController,
        TransferItemInController,
        ImportItemsController,
        VerifyItemController,
        DismissItemController,
        MoveItemController,
        MergeIncidentsController,
        SplitIncidentController,
        ScheduleWatchWindowController,
        CancelWatchWindowController,
        SourceCatalogueController,
        IngestionIncidentsController,
        SourcesController,
        RulesController,
        WatchWindowsController,
      ],
      providers: [
        { provide: INGESTION_CONFIG, useValue: config },
        { provide: WORDS_CACHE, useValue: words },
        { provide: SOURCE_CATALOGUE, useValue: catalogue },
        IngestionIncidentsReadModel,
        {
          provide: CaptureService,
          inject: [PostgresEventStore],
          useFactory: (store: PostgresEventStore) =>
            new CaptureService(store, words, clock, { catalogue, places }),
        },
        {
          provide: FeedPoller,
          inject: [PostgresEventStore, PG_POOL, CaptureService, LOGGER],
          useFactory: (store: PostgresEventStore, pool: Pool, pipeline: CaptureService, logger: Logger) =>
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
        CaptureItemsHandler,
        TransferItemInHandler,
        ImportItemsHandler,
        RegisterSourceHandler,
        DefineMonitoringRuleHandler,
        VerifyItemHandler,
        DismissItemHandler,
        ScheduleWatchWindowHandler,
        CancelWatchWindowHandler,
        MoveItemHandler,
        MergeIncidentsHandler,
        SplitIncidentHandler,
        SourcesReadModel,
        RulesReadModel,
        WatchWindowsReadModel,
        ItemOrgUnitResolver,
        IncidentOrgUnitResolver,
        WatchWindowOrgUnitResolver,
        IngestionLifecycle,
      ],
    };
  }
}
