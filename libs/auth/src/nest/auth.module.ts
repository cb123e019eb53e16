import { Inject, Module, type DynamicModule, type OnModuleInit, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Pool } from 'pg';
import { migrate, PG_POOL } from '@yuqing/service-kit';
import { TokenVerifier } from '../tokens/token-verifier';
import { authMigrations } from './auth-schema';
import { AuthGuard, ORG_UNIT_RESOLVERS, type OrgUnitResolvers } from './auth.guard';
import { DenialLog } from './denial-log';
import { RevocationList, RevocationsHandler } from './revocations';

export interface AuthModuleOptions {
  /** Schema for the auth tables (revoked grants, denials), e.g. `grading_auth`. */
  readonly schema: string;
  /** How tokens are verified: a verifier in hand, or a factory with Nest injection. */
  readonly verifier:
    | TokenVerifier
    | {
        readonly inject: readonly (string | symbol | (abstract new (...args: never[]) => unknown))[];
        readonly useFactory: (...deps: never[]) => TokenVerifier;
      };
  /** Named resolvers for @Permission(..., { orgUnitFrom: { resolver, from } }); providers of the app. */
  readonly resolvers?: OrgUnitResolvers;
}

const OPTIONS = Symbol('AUTH_OPTIONS');

class AuthLifecycle implements OnModuleInit {
  constructor(
    @Inject(OPTIONS) private readonly options: AuthModuleOptions,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.pool, this.options.schema, authMigrations());
  }
}

/**
 * Authentication and access control for a service: the global guard (every endpoint is @Public or declares a
 * @Permission), the revocation list fed from the identity topic, and the denial log.
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    const verifier: Provider =
      options.verifier instanceof TokenVerifier
        ? { provide: TokenVerifier, useValue: options.verifier }
        : {
            provide: TokenVerifier,
            inject: [...options.verifier.inject],
            useFactory: options.verifier.useFactory as (...deps: unknown[]) => TokenVerifier,
          };
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: OPTIONS, useValue: options },
        { provide: ORG_UNIT_RESOLVERS, useValue: options.resolvers ?? {} },
        verifier,
        {
          provide: RevocationList,
          inject: [PG_POOL],
          useFactory: (pool: Pool) => new RevocationList(pool, options.schema),
        },
        {
          provide: DenialLog,
          inject: [PG_POOL],
          useFactory: (pool: Pool) => new DenialLog(pool, options.schema),
        },
        // Fed by the service's consumer host (EventSourcingModule): group `<prefix>.revocations`.
        RevocationsHandler,
        { provide: APP_GUARD, useClass: AuthGuard },
        AuthLifecycle,
      ],
      exports: [TokenVerifier, RevocationList, DenialLog],
    };
  }
}
