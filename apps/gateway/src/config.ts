import path from 'node:path';
import { z } from 'zod';
import { jwksUrlSchema } from '@yuqing/auth';
import { flag, serviceConfigSchema } from '@yuqing/config';
import { resolveKeyEncryptionKey } from './identity/keys/key-encryption';
import { serviceUrlsSchema } from './routing/service-urls';

/** The gateway's variables on top of every service's. */
const gatewayVariables = serviceConfigSchema.extend({
  /** The token issuer (`iss`): the built-in issuer's public URL, or the external OIDC provider's issuer. */
  AUTH_ISSUER: z.url().default('http://127.0.0.1:3000'),
  AUTH_AUDIENCE: z.string().min(1).max(200).default('yuqing'),
  /**
   * Set to trust an external OIDC provider (its jwks_uri); the built-in password and client logins then close.
   * https, or plain http on loopback only.
   */
  AUTH_JWKS_URL: jwksUrlSchema.optional(),
  /**
   * The key-encryption key of the signing keys (base64 of 32 bytes), or a file holding it; required unless the
   * gateway and its database are both on loopback (keys/key-encryption.ts).
   */
  YUQING_KEY_ENCRYPTION_KEY: z.string().max(200).optional(),
  YUQING_KEY_ENCRYPTION_KEY_FILE: z.string().min(1).max(1000).optional(),
  AUTH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(600),
  /** The built console served at `/` (apps/console's build); the repository's dist/apps/console by default. */
  CONSOLE_DIR: z.string().min(1).max(1000).default(path.resolve(__dirname, '../../../dist/apps/console')),
  /** A console session ends after this many minutes without a request, and in any case after SESSION_MAX_HOURS. */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  /** Load the demo org tree and users at start (set by `npm start`). */
  YUQING_DEMO: flag,
  /** Password of every demo user; only used when YUQING_DEMO is on. */
  YUQING_DEMO_PASSWORD: z.string().min(12).max(200).default('yuqing-demo-2026'),
  /** Where /api/<context>/... is forwarded: `ingestion=http://127.0.0.1:3001,grading=http://127.0.0.1:3002`. */
  SERVICE_URLS: serviceUrlsSchema,
  /** How long a forwarded request may wait for the service (and stay silent) before the caller gets 504. */
  PROXY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  /** Largest request body forwarded to a service; larger ones get 413. */
  PROXY_BODY_LIMIT_MB: z.coerce.number().int().min(1).max(100).default(8),
  /**
   * Addresses of reverse proxies in front of the gateway, comma-separated: only from these is X-Forwarded-For
   * believed, so that sign-in throttling counts the client's address rather than the proxy's. Empty: the peer's.
   */
  TRUSTED_PROXIES: z
    .string()
    .max(2000)
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.union([z.ipv4(), z.ipv6()]))),
});

/** The key-encryption key is checked as a whole: inline or from a file, required outside local development. */
export const gatewayConfigSchema = gatewayVariables.superRefine((config, ctx) => {
  const kek = resolveKeyEncryptionKey(config);
  if (!kek.ok) ctx.addIssue({ code: 'custom', path: [kek.variable], message: kek.reason });
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
