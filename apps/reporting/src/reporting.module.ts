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
  StreamWatcherLifecycle,
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
// Issue 14, the loops that close: 转办回告, 督办 tasks, 处置总结.
import { AnswerTransferController } from './answer-transfer/answer-transfer.controller';
import { AnswerTransferHandler } from './answer-transfer/answer-transfer.handler';
import { CompleteFollowUpTaskController } from './complete-follow-up-task/complete-follow-up-task.controller';
import { CompleteFollowUpTaskHandler } from './complete-follow-up-task/complete-follow-up-task.handler';
import { DeclareHandlingCompletedController } from './declare-handling-completed/declare-handling-completed.controller';
import { VerifyIncidentChainController } from './verify-incident-chain/verify-incident-chain.controller';
import { DeclareHandlingCompletedHandler } from './declare-handling-completed/declare-handling-completed.handler';
import { SubmitHandlingSummaryController } from './submit-handling-summary/submit-handling-summary.controller';
import { SubmitHandlingSummaryHandler } from './submit-handling-summary/submit-handling-summary.handler';
import { OpenTransfersHandler } from './open-transfers/open-transfers.handler';
import { PeopleHandler } from './read-models/people/people.handler';
import { DocumentIssuer } from './render-documents/document-issuer';
import { FollowUpsController } from './read-models/follow-ups/follow-ups.controller';
import { FollowUpsReadModel } from './read-models/follow-ups/follow-ups.read-model';
import { HandlingSummariesController } from './read-models/handling-summaries/handling-summaries.controller';
import { HandlingSummariesReadModel } from './read-models/handling-summaries/handling-summaries.read-model';
import { TransfersController } from './read-models/transfers/transfers.controller';
import { TransfersReadModel } from './read-models/transfers/transfers.read-model';
import { LoopWatcher } from './watch-loops/loop-watcher';
// 24小时值班 (篇一二(一)): duty rosters, handovers, duty alerts and their escalation.
import { dutyPolicyWith, type DutyPolicy } from '@yuqing/reporting-domain';
import { AcknowledgeDutyAlertController } from './acknowledge-duty-alert/acknowledge-duty-alert.controller';
import { AcknowledgeDutyAlertHandler } from './acknowledge-duty-alert/acknowledge-duty-alert.handler';
import { AcknowledgeDutyHandoverController } from './acknowledge-duty-handover/acknowledge-duty-handover.controller';
import { AcknowledgeDutyHandoverHandler } from './acknowledge-duty-handover/acknowledge-duty-handover.handler';
import { RecordDutyHandoverController } from './record-duty-handover/record-duty-handover.controller';
import { RecordDutyHandoverHandler } from './record-duty-handover/record-duty-handover.handler';
import { ScheduleDutyShiftController } from './schedule-duty-shift/schedule-duty-shift.controller';
import { ScheduleDutyShiftHandler } from './schedule-duty-shift/schedule-duty-shift.handler';
import { DutyController } from './read-models/duty/duty.controller';
import { DutyReadModel } from './read-models/duty/duty.read-model';
import { DUTY_POLICY } from './watch-duty/duty.tokens';
import { DutyWatcher } from './watch-duty/duty-watcher';

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
    overrides: {
      verifier?: TokenVerifier;
      clock?: Clock;
      policy?: ReportingPolicy;
      dutyPolicy?: DutyPolicy;
    } = {},
  ): DynamicModule {
    const schema = config.REPORTING_SCHEMA;
    const clock = overrides.clock ?? new SystemClock();
    const policy = overrides.policy ?? loadReportingPolicy(config.REPORTING_POLICY_FILE);
    const dutyPolicy = overrides.dutyPolicy ?? dutyPolicyWith(config.DUTY_ESCALATE_AFTER);
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
        AnswerTransferController,
        CompleteFollowUpTaskController,
        DeclareHandlingCompletedController,
        VerifyIncidentChainController,
        SubmitHandlingSummaryController,
        TransfersController,
        FollowUpsController,
        HandlingSummariesController,
        ScheduleDutyShiftController,
        RecordDutyHandoverController,
        AcknowledgeDutyHandoverController,
        AcknowledgeDutyAlertController,
        DutyController,
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
        DocumentIssuer,
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
              // Longer than one attempt can take (a channel's connect and send, each within the timeout).
              leaseMs: Math.max(60_000, 6 * config.NOTIFY_TIMEOUT_MS),
              onError: (error) => logger.error({ err: error }, 'notification relay failed; retrying'),
              onStop: () => channels.close(),
            }),
        },
        AnswerTransferHandler,
        CompleteFollowUpTaskHandler,
        DeclareHandlingCompletedHandler,
        SubmitHandlingSummaryHandler,
        OpenTransfersHandler,
        PeopleHandler,
        TransfersReadModel,
        FollowUpsReadModel,
        HandlingSummariesReadModel,
        {
          provide: LoopWatcher,
          inject: [PostgresEventStore, LOGGER],
          useFactory: (store: PostgresEventStore, logger: Logger) =>
            new LoopWatcher({
              store,
              policy,
              clock,
              pollMs: config.WATCHER_POLL_MS,
              onError: (error) => logger.error({ err: error }, 'loop watcher failed; retrying'),
            }),
        },
        {
          provide: 'reporting loop watcher lifecycle',
          inject: [LoopWatcher],
          useFactory: (watcher: LoopWatcher) =>
            new StreamWatcherLifecycle(watcher, config.DEADLINE_WATCHER === 'on'),
        },
        { provide: DUTY_POLICY, useValue: dutyPolicy },
        ScheduleDutyShiftHandler,
        RecordDutyHandoverHandler,
        AcknowledgeDutyHandoverHandler,
        AcknowledgeDutyAlertHandler,
        DutyReadModel,
        {
          provide: DutyWatcher,
          inject: [PostgresEventStore, NotificationRelay, LOGGER],
          useFactory: (store: PostgresEventStore, relay: NotificationRelay, logger: Logger) =>
            new DutyWatcher({
              store,
              policy: dutyPolicy,
              clock,
              pollMs: config.WATCHER_POLL_MS,
              onError: (error) => logger.error({ err: error }, 'duty watcher failed; retrying'),
              // An alert raised or escalated is sent at once, not at the relay's next poll.
              onAlerts: () => relay.nudge(),
            }),
        },
        {
          provide: 'reporting duty watcher lifecycle',
          inject: [DutyWatcher],
          useFactory: (watcher: DutyWatcher) =>
            new StreamWatcherLifecycle(watcher, config.DEADLINE_WATCHER === 'on'),
        },
        ...Object.values(REPORTING_RESOLVERS),
        ReportingLifecycle,
      ],
    };
  }
}
