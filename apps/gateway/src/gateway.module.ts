import { DynamicModule, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import express from 'express';
import { AuthModule, TokenVerifier } from '@yuqing/auth';
import { ServiceKitModule, type ServiceKitOptions } from '@yuqing/service-kit';
import type { GatewayConfig } from './config';
import { ConsoleModule } from './console/console.module';
import { IdentityModule, identityResolvers } from './identity/identity.module';
import type { IdentityOptions } from './identity/identity.options';
import { keyEncryptionKeyOf } from './identity/keys/key-encryption';
import { KeyStore } from './identity/keys/key-store';
import { RoutingModule } from './routing/routing.module';
import { StreamModule } from './stream/stream.module';

export interface GatewayOptions {
  /** Schemas of the identity store and of the auth tables; `identity` and `identity_auth` in production. */
  readonly schema?: string;
  readonly authSchema?: string;
  readonly identity?: Partial<Pick<IdentityOptions, 'argon2' | 'loginThrottle'>>;
  /** How long GET /api/openapi.json waits for each service's document; 2 s by default. */
  readonly documentTimeoutMs?: number;
}

/**
 * The single entry for the console and integrators: identity (org tree, users, grants, the built-in issuer),
 * access control on every endpoint, the live event stream, and every other context's API forwarded to its service
 * (SERVICE_URLS) with one merged OpenAPI document.
 */
@Module({})
export class GatewayModule implements NestModule {
  /** The OAuth token endpoint also takes form-encoded bodies (RFC 6749); everything else is JSON. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(express.urlencoded({ extended: false, limit: '16kb' })).forRoutes('api/identity/token');
  }

  static register(
    kit: ServiceKitOptions,
    config: GatewayConfig,
    options: GatewayOptions = {},
  ): DynamicModule {
    const identity: IdentityOptions = {
      schema: options.schema ?? 'identity',
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      tokenTtlSeconds: config.AUTH_TOKEN_TTL_SECONDS,
      keyEncryptionKey: keyEncryptionKeyOf(config),
      ...(config.AUTH_JWKS_URL ? { externalJwksUrl: config.AUTH_JWKS_URL } : {}),
      trustedProxies: config.TRUSTED_PROXIES,
      session: { idleMinutes: config.SESSION_IDLE_MINUTES, maxHours: config.SESSION_MAX_HOURS },
      ...options.identity,
    };
    return {
      module: GatewayModule,
      imports: [
        ServiceKitModule.forRoot(kit),
        IdentityModule.register(identity, {
          enabled: config.YUQING_DEMO,
          password: config.YUQING_DEMO_PASSWORD,
        }),
        AuthModule.forRoot({
          schema: options.authSchema ?? `${identity.schema}_auth`,
          resolvers: identityResolvers,
          verifier: {
            inject: [KeyStore],
            useFactory: (keys: KeyStore) =>
              new TokenVerifier({
                issuer: config.AUTH_ISSUER,
                audience: config.AUTH_AUDIENCE,
                keys: config.AUTH_JWKS_URL ? { jwksUrl: config.AUTH_JWKS_URL } : keys.getKey,
              }),
          },
        }),
        StreamModule.register(),
        ConsoleModule.register({ directory: config.CONSOLE_DIR }),
        // Last: its catch-all /api/<context>/... must come after every route the gateway serves itself.
        RoutingModule.register({
          serviceUrls: config.SERVICE_URLS,
          timeoutMs: config.PROXY_TIMEOUT_SECONDS * 1000,
          bodyLimitBytes: config.PROXY_BODY_LIMIT_MB * 1024 * 1024,
          documentTimeoutMs: options.documentTimeoutMs ?? 2000,
        }),
      ],
    };
  }
}
