import { z } from 'zod';
import { serviceConfigSchema } from '@yuqing/config';

const flag = z
  .enum(['0', '1', 'true', 'false'])
  .default('0')
  .transform((value) => value === '1' || value === 'true');

/** The gateway's variables on top of every service's. */
export const gatewayConfigSchema = serviceConfigSchema.extend({
  /** The token issuer (`iss`): the built-in issuer's public URL, or the external OIDC provider's issuer. */
  AUTH_ISSUER: z.url().default('http://127.0.0.1:3000'),
  AUTH_AUDIENCE: z.string().min(1).max(200).default('yuqing'),
  /** Set to trust an external OIDC provider (its jwks_uri); the built-in password and client logins then close. */
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(600),
  /** Load the demo org tree and users at start (set by `npm start`). */
  YUQING_DEMO: flag,
  /** Password of every demo user; only used when YUQING_DEMO is on. */
  YUQING_DEMO_PASSWORD: z.string().min(12).max(200).default('yuqing-demo-2026'),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
