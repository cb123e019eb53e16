import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule, TokenVerifier } from '@yuqing/auth';
import { eventSource } from '@yuqing/contracts';
import {
  EventSourcingModule,
  ServiceKitModule,
  type Clock,
  type ServiceKitOptions,
} from '@yuqing/service-kit';
import { CloseResponseController } from './close-response/close-response.controller';
import { CloseResponseHandler } from './close-response/close-response.handler';
import type { GuidanceConfig } from './guidance.config';
import { GuidanceLifecycle } from './guidance.lifecycle';
import { OpenResponseController } from './open-response/open-response.controller';
import { OpenResponseHandler } from './open-response/open-response.handler';
import { projections, guidanceQueryControllers, guidanceReadModels, guidanceResolvers } from './read-models';

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
      controllers: [OpenResponseController, CloseResponseController, ...guidanceQueryControllers],
      providers: [GuidanceLifecycle, OpenResponseHandler, CloseResponseHandler, ...guidanceReadModels],
    };
  }
}
