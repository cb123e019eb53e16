import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule, TokenVerifier } from '@yuqing/auth';
import { eventSource } from '@yuqing/contracts';
import {
  EventSourcingModule,
  ServiceKitModule,
  type Clock,
  type ServiceKitOptions,
} from '@yuqing/service-kit';
import { CloseCaseController } from './close-case/close-case.controller';
import { CloseCaseHandler } from './close-case/close-case.handler';
import type { ArchiveConfig } from './archive.config';
import { ArchiveLifecycle } from './archive.lifecycle';
import { ArchiveDemo } from './demo/demo-loader';
import { CaseFiling } from './file-entries/case-filing';
import { FileDecisionsHandler, FileIngestionHandler } from './file-entries/file-entries.handler';
import {
  archiveParts,
  archiveQueryControllers,
  archiveReadModels,
  archiveResolvers,
  projections,
} from './read-models';
import { ReopenCaseController } from './reopen-case/reopen-case.controller';
import { ReopenCaseHandler } from './reopen-case/reopen-case.handler';

/** What tests replace: the token verifier (they sign their own tokens) and the clock. */
export interface ArchiveOverrides {
  readonly verifier?: TokenVerifier;
  readonly clock?: Clock;
}

/**
 * Archive: one folder per use case (command, handler, controller), the consumers that file every incident's events
 * (file-entries/), read models under read-models/, and the parts that plug in (library, as-of, export).
 */
@Module({})
export class ArchiveModule {
  static register(
    kit: ServiceKitOptions,
    config: ArchiveConfig,
    overrides: ArchiveOverrides = {},
  ): DynamicModule {
    const schema = config.ARCHIVE_SCHEMA;
    return {
      module: ArchiveModule,
      imports: [
        ServiceKitModule.forRoot({ ...kit, ...(overrides.clock ? { clock: overrides.clock } : {}) }),
        EventSourcingModule.forRoot({
          schema,
          source: eventSource('archive'),
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
          resolvers: archiveResolvers,
        }),
      ],
      controllers: [
        CloseCaseController,
        ReopenCaseController,
        ...archiveQueryControllers,
        ...archiveParts.flatMap((part) => part.controllers),
      ],
      providers: [
        ArchiveLifecycle,
        CloseCaseHandler,
        ReopenCaseHandler,
        CaseFiling,
        FileIngestionHandler,
        FileDecisionsHandler,
        ...archiveReadModels,
        ...archiveParts.flatMap((part) => part.providers),
        ...(config.YUQING_DEMO ? [ArchiveDemo] : []),
      ],
    };
  }
}
