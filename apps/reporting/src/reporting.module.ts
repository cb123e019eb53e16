import {
  DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { AuthModule, TokenVerifier } from '@yuqing/auth';
import { startFromOf } from '@yuqing/config';
import { eventSource } from '@yuqing/contracts';
import { migrate, PostgresEventStore } from '@yuqing/event-store';
import type { ReportingPolicy } from '@yuqing/reporting-domain';
import {
  createChannelAdapters,
  NotificationDispatcher,
  notificationSettings,
  type NotificationSink,
} from '@yuqing/reporting-notifications';
import {
  EventSourcingModule,
  KAFKA,
  LOGGER,
  PG_POOL,
  ServiceKitModule,
  type ServiceKitOptions,
} from '@yuqing/service-kit';
import type { Logger } from '@yuqing/telemetry';
import { loadDemo } from './demo/demo-loader';
import { DigestsController } from './digests/digests.controller';
import { notificationOutbox } from './notify/notification-outbox';
import { NotificationRelay } from './notify/notification-relay';
import { FollowMerges } from './follow-merges/follow-merges';
import { OpenObligationsConsumer } from './open-obligations/open-obligations.consumer';
import { REPORTING_RESOLVERS } from './read-models/org-unit.resolvers';
import { ReportingQueriesController } from './read-models/queries.controller';
import { reportingProjection } from './read-models/reporting.projection';
import { readModelMigrations } from './read-models/schema';
import { DocumentModels } from './render-documents/document-models';
import { RenderDocumentsController } from './render-documents/render-documents.controller';
import { ReportsController } from './report/reports.controller';
import type { ReportingConfig } from './reporting.config';
import { CLOCK, REPORTING_CONFIG, REPORTING_POLICY } from './reporting.tokens';
import { systemClock, type Clock } from './shared/clock';
import { IncidentReporting } from './shared/incident-reporting';
import { loadReportingPolicy } from './shared/policy-file';
import { SignOffBulletinController } from './sign-off-bulletin/sign-off-bulletin.controller';
import { DeadlineWatcher } from './watch-deadlines/deadline-watcher';

class ReportingLifecycle implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(OpenObligationsConsumer) private readonly consumer: OpenObligationsConsumer,
    @Inject(DeadlineWatcher) private readonly watcher: DeadlineWatcher,
    @Inject(NotificationRelay) private readonly notifier: NotificationRelay,
    @Inject(IncidentReporting) private readonly reporting: IncidentReporting,
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    // The event store's own tables are migrated by EventSourcingModule, initialised before this module.
    await migrate(this.pool, this.store.schema, readModelMigrations(this.store.schema));
    if (this.config.YUQING_DEMO) {
      const loaded = await loadDemo(this.pool, this.store, this.reporting);
      this.logger.info(loaded, 'demo obligations loaded (countdowns, one overdue)');
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
    if (this.config.DEADLINE_WATCHER === 'on') this.watcher.start();
    if (this.config.NOTIFIER === 'on') this.notifier.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.notifier.stop();
    await this.watcher.stop();
    await this.consumer.stop();
  }
}

/** 报送: obligations and their clocks, reports up the chain, sign-offs, the deadline watcher, notifications. */
@Module({})
export class ReportingModule {
  /** `verifier` replaces the JWKS-backed one and `clock` the system's (tests sign their own tokens, move time). */
  static register(
    kit: ServiceKitOptions,
    config: ReportingConfig,
    overrides: { verifier?: TokenVerifier; clock?: Clock; policy?: ReportingPolicy } = {},
  ): DynamicModule {
    const schema = config.REPORTING_SCHEMA;
    const clock = overrides.clock ?? systemClock;
    const policy = overrides.policy ?? loadReportingPolicy(config.REPORTING_POLICY_FILE);
    const settings = notificationSettings(config);
    const channels = createChannelAdapters(settings, { clock: () => clock.now() });
    const dispatcherFor = (sink: NotificationSink) =>
      new NotificationDispatcher({
        adapters: channels.adapters,
        sink,
        policy: settings.policy,
        clock: () => clock.now(),
      });
    return {
      module: ReportingModule,
      imports: [
        ServiceKitModule.forRoot(kit),
        EventSourcingModule.forRoot({
          schema,
          source: eventSource('reporting'),
          inlineProjections: [
            reportingProjection(schema),
            notificationOutbox(
              schema,
              config.NOTIFY_CHANNELS,
              { email: config.NOTIFY_EMAIL_TO, sms: config.NOTIFY_SMS_TO },
              () => clock.now(),
            ),
          ],
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
          resolvers: REPORTING_RESOLVERS,
          revocationGroupId: `${schema}.revocations`,
        }),
      ],
      controllers: [
        ReportsController,
        SignOffBulletinController,
        ReportingQueriesController,
        DigestsController,
        RenderDocumentsController,
      ],
      providers: [
        { provide: REPORTING_CONFIG, useValue: config },
        { provide: REPORTING_POLICY, useValue: policy },
        { provide: CLOCK, useValue: clock },
        IncidentReporting,
        FollowMerges,
        DocumentModels,
        {
          provide: OpenObligationsConsumer,
          inject: [KAFKA, PG_POOL, IncidentReporting, FollowMerges, LOGGER],
          useFactory: (
            kafka: Kafka,
            pool: Pool,
            reporting: IncidentReporting,
            merges: FollowMerges,
            logger: Logger,
          ) =>
            new OpenObligationsConsumer({
              kafka,
              pool,
              schema,
              groupPrefix: `${schema}.open-obligations`,
              reporting,
              merges,
              logger,
              startFrom: startFromOf(config.CONSUME_FROM),
            }),
        },
        {
          provide: DeadlineWatcher,
          inject: [PostgresEventStore, LOGGER],
          useFactory: (store: PostgresEventStore, logger: Logger) =>
            new DeadlineWatcher({
              store,
              policy,
              clock,
              instanceId: `${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
              pollMs: config.WATCHER_POLL_MS,
              onError: (error) => logger.error({ err: error }, 'deadline watcher failed; retrying'),
            }),
        },
        {
          provide: NotificationRelay,
          inject: [PostgresEventStore, LOGGER],
          useFactory: (store: PostgresEventStore, logger: Logger) =>
            new NotificationRelay({
              store,
              dispatcher: dispatcherFor,
              clock,
              pollMs: config.NOTIFIER_POLL_MS,
              onError: (error) => logger.error({ err: error }, 'notification relay failed; retrying'),
              onStop: () => channels.close(),
            }),
        },
        ...Object.values(REPORTING_RESOLVERS),
        ReportingLifecycle,
      ],
    };
  }
}
