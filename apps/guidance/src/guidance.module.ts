import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule, TokenVerifier } from '@yuqing/auth';
import { eventSource } from '@yuqing/contracts';
import {
  EventSourcingModule,
  ServiceKitModule,
  type Clock,
  type ServiceKitOptions,
} from '@yuqing/service-kit';
import { DetectUnapprovedReleasesHandler } from './detect-unapproved-releases/detect-unapproved-releases.handler';
import type { GuidanceConfig } from './guidance.config';
import { DEMO_FEEDS_URL, GuidanceDemo } from './demo/demo-loader';
import { GuidanceLifecycle } from './guidance.lifecycle';
// The incident's response (三同步), wording (口径) and releases approved by grade (第二十一条).
import { ArrangeResponseController } from './arrange-response/arrange-response.controller';
import { ArrangeResponseHandler } from './arrange-response/arrange-response.handler';
import { DecideReleaseController } from './decide-release/decide-release.controller';
import { DecideReleaseHandler } from './decide-release/decide-release.handler';
import { DecideWordingController } from './decide-wording/decide-wording.controller';
import { DecideWordingHandler } from './decide-wording/decide-wording.handler';
import { DraftWordingController } from './draft-wording/draft-wording.controller';
import { DraftWordingHandler } from './draft-wording/draft-wording.handler';
import { ResponsePlansHandler } from './open-response-plans/open-response-plans.handler';
import { GUIDANCE_POLICY, loadGuidancePolicy } from './response-policy';
import { PrepareReleaseController } from './prepare-release/prepare-release.controller';
import { PrepareReleaseHandler } from './prepare-release/prepare-release.handler';
import { PublishReleaseController } from './publish-release/publish-release.controller';
import { PublishReleaseHandler } from './publish-release/publish-release.handler';
import { IncidentDocuments } from './render-documents/incident-documents';
import { RenderDocumentsController } from './render-documents/render-documents.controller';
import { RegisterOfficialAccountController } from './register-official-account/register-official-account.controller';
import { RegisterOfficialAccountHandler } from './register-official-account/register-official-account.handler';
import { RetireOfficialAccountController } from './retire-official-account/retire-official-account.controller';
import { RetireOfficialAccountHandler } from './retire-official-account/retire-official-account.handler';
import { projections, guidanceQueryControllers, guidanceReadModels, guidanceResolvers } from './read-models';
// Written requests and online guidance (第十七至二十四、二十七条), with the deadline watcher.
import { AcknowledgeGuidanceTaskController } from './acknowledge-guidance-task/acknowledge-guidance-task.controller';
import { AcknowledgeGuidanceTaskHandler } from './acknowledge-guidance-task/acknowledge-guidance-task.handler';
import { DecideOnlineGuidanceController } from './decide-online-guidance/decide-online-guidance.controller';
import { DecideOnlineGuidanceHandler } from './decide-online-guidance/decide-online-guidance.handler';
import { DecideWrittenRequestController } from './decide-written-request/decide-written-request.controller';
import { DecideWrittenRequestHandler } from './decide-written-request/decide-written-request.handler';
import { FileWrittenRequestController } from './file-written-request/file-written-request.controller';
import { FileWrittenRequestHandler } from './file-written-request/file-written-request.handler';
import { ProposeOnlineGuidanceController } from './propose-online-guidance/propose-online-guidance.controller';
import { ProposeOnlineGuidanceHandler } from './propose-online-guidance/propose-online-guidance.handler';
import { RecordWrittenRequestOutcomeController } from './record-written-request-outcome/record-written-request-outcome.controller';
import { RecordWrittenRequestOutcomeHandler } from './record-written-request-outcome/record-written-request-outcome.handler';
import { ReportGuidanceTaskController } from './report-guidance-task/report-guidance-task.controller';
import { ReportGuidanceTaskHandler } from './report-guidance-task/report-guidance-task.handler';
import { deadlineWatcherProviders } from './watch-deadlines/deadline-watcher.providers';

/** What tests replace: the token verifier (they sign their own tokens) and the clock. */
export interface GuidanceOverrides {
  readonly verifier?: TokenVerifier;
  readonly clock?: Clock;
}

/** Guidance: one folder per use case (command, handler, controller), read models under read-models/. */
@Module({})
export class GuidanceModule {
  static register(
    kit: ServiceKitOptions,
    config: GuidanceConfig,
    overrides: GuidanceOverrides = {},
  ): DynamicModule {
    const schema = config.GUIDANCE_SCHEMA;
    return {
      module: GuidanceModule,
      imports: [
        ServiceKitModule.forRoot({ ...kit, ...(overrides.clock ? { clock: overrides.clock } : {}) }),
        EventSourcingModule.forRoot({
          schema,
          source: eventSource('guidance'),
          projections: projections(schema),
        }),
        // The guard and its resolvers; revoked grants arrive on identity's topic (consumer group <prefix>.revocations).
        AuthModule.forRoot({
          schema: `${schema}_auth`,
          verifier:
            overrides.verifier ??
            new TokenVerifier({
              issuer: config.AUTH_ISSUER,
              audience: config.AUTH_AUDIENCE,
              keys: { jwksUrl: config.AUTH_JWKS_URL },
            }),
          resolvers: guidanceResolvers,
        }),
      ],
      controllers: [
        FileWrittenRequestController,
        DecideWrittenRequestController,
        RecordWrittenRequestOutcomeController,
        ProposeOnlineGuidanceController,
        DecideOnlineGuidanceController,
        AcknowledgeGuidanceTaskController,
        ReportGuidanceTaskController,
        RegisterOfficialAccountController,
        RetireOfficialAccountController,
        RenderDocumentsController,
        ArrangeResponseController,
        DraftWordingController,
        DecideWordingController,
        PrepareReleaseController,
        DecideReleaseController,
        PublishReleaseController,
        ...guidanceQueryControllers,
      ],
      providers: [
        FileWrittenRequestHandler,
        DecideWrittenRequestHandler,
        RecordWrittenRequestOutcomeHandler,
        ProposeOnlineGuidanceHandler,
        DecideOnlineGuidanceHandler,
        AcknowledgeGuidanceTaskHandler,
        ReportGuidanceTaskHandler,
        ...deadlineWatcherProviders({
          enabled: config.GUIDANCE_DEADLINE_WATCHER === 'on',
          pollMs: config.GUIDANCE_WATCHER_POLL_MS,
        }),
        RegisterOfficialAccountHandler,
        RetireOfficialAccountHandler,
        DetectUnapprovedReleasesHandler,
        IncidentDocuments,
        ArrangeResponseHandler,
        DraftWordingHandler,
        DecideWordingHandler,
        PrepareReleaseHandler,
        DecideReleaseHandler,
        PublishReleaseHandler,
        ResponsePlansHandler,
        { provide: GUIDANCE_POLICY, useValue: loadGuidancePolicy(config.GUIDANCE_RESPONSE_POLICY_FILE) },
        GuidanceLifecycle,
        ...(config.YUQING_DEMO
          ? [GuidanceDemo, { provide: DEMO_FEEDS_URL, useValue: config.DEMO_FEEDS_URL }]
          : []),
        ...guidanceReadModels,
      ],
    };
  }
}
