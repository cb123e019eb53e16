import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule, TokenVerifier } from '@yuqing/auth';
import { eventSource } from '@yuqing/contracts';
import {
  EventSourcingModule,
  ServiceKitModule,
  type Clock,
  type ServiceKitOptions,
} from '@yuqing/service-kit';
import { AppealFindingController } from './appeal-finding/appeal-finding.controller';
import { AppealFindingHandler } from './appeal-finding/appeal-finding.handler';
import { ComputeRatingsController } from './compute-ratings/compute-ratings.controller';
import { ComputeRatingsHandler } from './compute-ratings/compute-ratings.handler';
import { ConfirmFindingController } from './confirm-finding/confirm-finding.controller';
import { ConfirmFindingHandler } from './confirm-finding/confirm-finding.handler';
import { DecideAppealController } from './decide-appeal/decide-appeal.controller';
import { DecideAppealHandler } from './decide-appeal/decide-appeal.handler';
import { DismissFindingController } from './dismiss-finding/dismiss-finding.controller';
import { DismissFindingHandler } from './dismiss-finding/dismiss-finding.handler';
import { ExplainFindingController } from './explain-finding/explain-finding.controller';
import { ExplainFindingHandler } from './explain-finding/explain-finding.handler';
import { IssueNoticeController } from './issue-notice/issue-notice.controller';
import { IssueNoticeHandler } from './issue-notice/issue-notice.handler';
import { RecomputePeriodController } from './recompute-period/recompute-period.controller';
import { PeriodRecomputation } from './recompute-period/period-recomputation';
import { ReviewDemo } from './demo/demo-loader';
import { FactRecorder } from './record-facts/fact-recorder';
import { factHandlers } from './record-facts/record-facts.handler';
import { RenderNoticeController } from './render-notice/render-notice.controller';
import { WhatIfController } from './what-if/what-if.controller';
import type { ReviewConfig } from './review.config';
import { ReviewLifecycle } from './review.lifecycle';
import { projections, reviewQueryControllers, reviewReadModels, reviewResolvers } from './read-models';

/** What tests replace: the token verifier (they sign their own tokens) and the clock. */
export interface ReviewOverrides {
  readonly verifier?: TokenVerifier;
  readonly clock?: Clock;
}

/**
 * Review (考评): facts recorded from the other contexts and the findings detected in them (record-facts/), rulings,
 * ratings and 通报 one folder per use case, read models under read-models/.
 */
@Module({})
export class ReviewModule {
  static register(
    kit: ServiceKitOptions,
    config: ReviewConfig,
    overrides: ReviewOverrides = {},
  ): DynamicModule {
    const schema = config.REVIEW_SCHEMA;
    return {
      module: ReviewModule,
      imports: [
        ServiceKitModule.forRoot({ ...kit, ...(overrides.clock ? { clock: overrides.clock } : {}) }),
        EventSourcingModule.forRoot({
          schema,
          source: eventSource('review'),
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
          resolvers: reviewResolvers,
        }),
      ],
      controllers: [
        ConfirmFindingController,
        DismissFindingController,
        ExplainFindingController,
        AppealFindingController,
        DecideAppealController,
        ComputeRatingsController,
        WhatIfController,
        IssueNoticeController,
        RenderNoticeController,
        RecomputePeriodController,
        ...reviewQueryControllers,
      ],
      providers: [
        ReviewLifecycle,
        ConfirmFindingHandler,
        DismissFindingHandler,
        ExplainFindingHandler,
        AppealFindingHandler,
        DecideAppealHandler,
        ComputeRatingsHandler,
        IssueNoticeHandler,
        FactRecorder,
        ...factHandlers,
        PeriodRecomputation,
        ...reviewReadModels,
        ...(config.YUQING_DEMO ? [ReviewDemo] : []),
      ],
    };
  }
}
