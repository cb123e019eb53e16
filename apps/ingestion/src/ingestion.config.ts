import { z } from 'zod';
import { jwksUrlSchema } from '@yuqing/auth';
import { flag, serviceConfigSchema } from '@yuqing/config';

const list = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  );

/** The ingestion service's variables on top of every service's. */
export const ingestionConfigSchema = serviceConfigSchema.extend({
  /** Schema of this service's events and read models. */
  INGESTION_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default('ingestion'),
  /** Tokens are issued by this issuer (the gateway's built-in one, or an OIDC provider) for this audience. */
  AUTH_ISSUER: z.url().default('http://127.0.0.1:3000'),
  AUTH_AUDIENCE: z.string().min(1).max(200).default('yuqing'),
  AUTH_JWKS_URL: jwksUrlSchema.default('http://127.0.0.1:3000/.well-known/jwks.json'),
  /** Feed hosts (host or host:port) allowed although they resolve to internal addresses. */
  FEED_ALLOWLIST: list,
  FEED_POLL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(600),
  /** Run the feed poller in this instance. */
  FEED_POLLER: z.enum(['on', 'off']).default('on'),
  /** Serve demo feeds on 127.0.0.1:DEMO_FEEDS_PORT and register demo sources and rules (set by `npm start`). */
  YUQING_DEMO: flag,
  DEMO_FEEDS_PORT: z.coerce.number().int().min(1).max(65535).default(3101),
  /** A JSON file of known outlets (name, hosts, platform, reachTier) replacing the default catalogue. */
  SOURCE_CATALOGUE_FILE: z.string().min(1).optional(),
  /**
   * A JSON file of the deployment's places (name, level city|county|town|landmark, within, aliases) replacing the
   * default gazetteer (昆明市); clustering reads places to tell events apart.
   */
  GAZETTEER_FILE: z.string().min(1).optional(),
  /** Most items one capture request may carry. */
  CAPTURE_BATCH_MAX: z.coerce.number().int().min(1).max(5000).default(500),
});

export type IngestionConfig = z.infer<typeof ingestionConfigSchema>;
