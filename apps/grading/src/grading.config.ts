import { z } from 'zod';
import { jwksUrlSchema } from '@yuqing/auth';
import { serviceConfigSchema } from '@yuqing/config';

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
  AUTH_JWKS_URL: jwksUrlSchema.default('http://127.0.0.1:3000/.well-known/jwks.json'),
  /** The deployment's rule set (JSON, see docs/grading.md); the default of 第三条 when absent. */
  GRADING_RULES_FILE: z.string().min(1).optional(),
  /** The deployment's outlet catalogue (ingestion's variable and file): the default rules' main city sites. */
  SOURCE_CATALOGUE_FILE: z.string().min(1).optional(),
  /** Incidents one what-if run over a period replays at most. */
  WHAT_IF_MAX_INCIDENTS: z.coerce.number().int().min(1).max(10_000).default(1000),
});

export type GradingConfig = z.infer<typeof gradingConfigSchema>;
