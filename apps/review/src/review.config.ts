import { z } from 'zod';
import { jwksUrlSchema } from '@yuqing/auth';
import { flag, serviceConfigSchema } from '@yuqing/config';
import { DEFAULT_SCHEMA } from './read-models';

/**
 * The review service's variables on top of every service's (PostgreSQL, Kafka, consumer groups
 * `<CONSUMER_GROUP_PREFIX>.<purpose>`, idempotency); validated at start, a bad one stops it with one line.
 */
export const reviewConfigSchema = serviceConfigSchema.extend({
  /** Put one ruled finding (a late paper flash report of 宜良县) and 2026-Q3's ratings in (set by `npm start`). */
  YUQING_DEMO: flag,
  /** Schema of this service's events and read models. */
  REVIEW_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default(DEFAULT_SCHEMA),
  /** Tokens are issued by this issuer (the gateway's built-in one, or an OIDC provider) for this audience. */
  AUTH_ISSUER: z.url().default('http://127.0.0.1:3000'),
  AUTH_AUDIENCE: z.string().min(1).max(200).default('yuqing'),
  AUTH_JWKS_URL: jwksUrlSchema.default('http://127.0.0.1:3000/.well-known/jwks.json'),
});

export type ReviewConfig = z.infer<typeof reviewConfigSchema>;
