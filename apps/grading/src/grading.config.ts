import { z } from 'zod';
import { consumeFromSchema, serviceConfigSchema } from '@yuqing/config';

/** The grading service's variables on top of every service's. */
export const gradingConfigSchema = serviceConfigSchema.extend({
  /** Schema of this service's events and read models. */
  GRADING_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default('grading'),
  /** Tokens are issued by this issuer (the gateway's built-in one, or an OIDC provider) for this audience. */
  AUTH_ISSUER: z.url().default('http://127.0.0.1:3000'),
  AUTH_AUDIENCE: z.string().min(1).max(200).default('yuqing'),
  AUTH_JWKS_URL: z.url().default('http://127.0.0.1:3000/.well-known/jwks.json'),
  /** The deployment's rule set (JSON, see docs/grading.md); the default of 第三条 when absent. */
  GRADING_RULES_FILE: z.string().min(1).optional(),
  /** Prefix of this service's consumer groups (one per purpose); tests give each run its own. */
  GRADING_CONSUMER_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/)
    .default('grading'),
  /** Where a new consumer group starts reading ingestion's and reporting's topics (libs/config). */
  CONSUME_FROM: consumeFromSchema,
  /** Incidents one what-if run over a period replays at most. */
  WHAT_IF_MAX_INCIDENTS: z.coerce.number().int().min(1).max(10_000).default(1000),
});

export type GradingConfig = z.infer<typeof gradingConfigSchema>;
