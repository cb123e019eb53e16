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
import type { ReportingPolicy } from '@yuqing/reporting-domain';
import {
  createChannelAdapters,
  NotificationDispatcher,
  notificationSettings,
  type NotificationSink,
} from '@yuqing/reporting-notifications';
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
import { AcknowledgeReportReceiptController } from './acknowledge-report-receipt/acknowledge-report-receipt.controller';
import { AcknowledgeReportReceiptHandler } from './acknowledge-report-receipt/acknowledge-report-receipt.handler';
import { ForwardReportController } from './forward-report/forward-report.controller';
import { ForwardReportHandler } from './forward-report/forward-report.handler';
import { ReportHandlingResultController } from './report-handling-result/report-handling-result.controller';
import { ReportHandlingResultHandler } from './report-handling-result/report-handling-result.handler';
import { SendFlashReportController } from './send-flash-report/send-flash-report.controller';
import { SendFlashReportHandler } from './send-flash-report/send-flash-report.handler';
import { SignOffBulletinController } from './sign-off-bulletin/sign-off-bulletin.controller';
import { SignOffBulletinHandler } from './sign-off-bulletin/sign-off-bulletin.handler';
import { SubmitBulletinController } from './submit-bulletin/submit-bulletin.controller';
import { SubmitBulletinHandler } from './submit-bulletin/submit-bulletin.handler';
import { loadDemo } from './demo/demo-loader';
import { DigestsController } from './digests/digests.controller';
import { NotificationRelay } from './notify/notification-relay';
import { FollowMerges } from './follow-merges/follow-merges';
import {
  GradesHandler,
  IncidentsHandler,
  OpenObligations,
} from './open-obligations/open-obligations.handler';
import { REPORTING_RESOLVERS } from './read-models/org-unit.resolvers';
import { ReportingQueriesController } from './read-models/obligations/obligations.controller';
import { ObligationsReadModel } from './read-models/obligations/obligations.read-model';
import { DigestsReadModel } from './digests/digests.read-model';
import { projections } from './read-models';
import { readModelMigrations } from './read-models/schema';
import { DocumentsReadModel } from './render-documents/document-models';
import { RenderDocumentsController } from './render-documents/render-documents.controller';
import type { ReportingConfig } from './reporting.config';
import { REPORTING_CONFIG, REPORTING_POLICY } from './reporting.tokens';
import { IncidentReporting } from './incidents/incident-reporting';
import { loadReportingPolicy } from './reporting.policy';
import { DeadlineWatcher } from './watch-deadlines/deadline-watcher';

class ReportingLifecycle implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
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
    if (this.config.DEADLINE_WATCHER === 'on') this.watcher.start();
    if (this.config.NOTIFIER === 'on') this.notifier.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.notifier.stop();
    await this.watcher.stop();
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
    const clock = overrides.clock ?? new SystemClock();
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
        ServiceKitModule.forRoot({ ...kit, clock }),
        EventSourcingModule.forRoot({
          schema,
          source: eventSource('reporting'),
          projections: projections(schema, {
            channels: config.NOTIFY_CHANNELS,
            addresses: { email: config.NOTIFY_EMAIL_TO, sms: config.NOTIFY_SMS_TO },
            now: () => clock.now(),
          }),
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
        }),
      ],
      controllers: [
        SendFlashReportController,
        SubmitBulletinController,
        ReportHandlingResultController,
        ForwardReportController,
        AcknowledgeReportReceiptController,
        SignOffBulletinController,
        ReportingQueriesController,
        DigestsController,
        RenderDocumentsController,
      ],
      providers: [
        ObligationsReadModel,
        { provide: REPORTING_CONFIG, useValue: config },
        { provide: REPORTING_POLICY, useValue: policy },
        IncidentReporting,
        SendFlashReportHandler,
        SubmitBulletinHandler,
        ReportHandlingResultHandler,
        ForwardReportHandler,
        AcknowledgeReportReceiptHandler,
        SignOffBulletinHandler,
        FollowMerges,
        DocumentsReadModel,
        DigestsReadModel,
        // The consumers (@InboxHandler), run by the consumer host.
        OpenObligations,
        GradesHandler,
        IncidentsHandler,
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
