import { z } from 'zod';
import { jwksUrlSchema } from '@yuqing/auth';
import { flag, serviceConfigSchema } from '@yuqing/config';
import { DEFAULT_SCHEMA } from './read-models';

/**
 * The guidance service's variables on top of every service's (PostgreSQL, Kafka, consumer groups
 * `<CONSUMER_GROUP_PREFIX>.<purpose>`, idempotency); validated at start, a bad one stops it with one line.
 */
export const guidanceConfigSchema = serviceConfigSchema.extend({
  /** Load the demo response of 宜良县's 路面塌陷 incident and register its official Weibo (set by `npm start`). */
  YUQING_DEMO: flag,
  /** Where ingestion serves its demo feeds (its DEMO_FEEDS_PORT): the demo's official account publishes there. */
  DEMO_FEEDS_URL: z.url().default('http://127.0.0.1:3101'),
  /** Schema of this service's events and read models. */
  GUIDANCE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default(DEFAULT_SCHEMA),
  /** Tokens are issued by this issuer (the gateway's built-in one, or an OIDC provider) for this audience. */
  AUTH_ISSUER: z.url().default('http://127.0.0.1:3000'),
  AUTH_AUDIENCE: z.string().min(1).max(200).default('yuqing'),
  AUTH_JWKS_URL: jwksUrlSchema.default('http://127.0.0.1:3000/.well-known/jwks.json'),
  /** A JSON file of the deployment's response policy (first-response deadlines, drafters, channels); default built in. */
  GUIDANCE_RESPONSE_POLICY_FILE: z.string().min(1).optional(),
  /** The deadline watcher (written requests' answers, guidance tasks): `off` where tests tick it themselves. */
  GUIDANCE_DEADLINE_WATCHER: z.enum(['on', 'off']).default('on'),
  GUIDANCE_WATCHER_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
});

export type GuidanceConfig = z.infer<typeof guidanceConfigSchema>;
