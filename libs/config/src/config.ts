import { z } from 'zod';
import { consumerConfigShape } from './consumer';

/** A configuration problem, reported as one line that names the variable and never echoes its value. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}, 'must be a postgres:// URL with a host, e.g. postgres://user:password@127.0.0.1:5432/yuqing');

const brokerList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((broker) => broker.trim())
      .filter(Boolean),
  )
  .refine(
    (brokers) => brokers.length > 0 && brokers.every((broker) => /^[A-Za-z0-9.\-_]+:\d{1,5}$/.test(broker)),
    'must be a comma-separated list of host:port, e.g. 127.0.0.1:9092',
  );

const port = z.coerce
  .number({ error: 'must be a port number from 0 to 65535' })
  .int({ error: 'must be a port number from 0 to 65535' })
  .min(0, { error: 'must be a port number from 0 to 65535' })
  .max(65535, { error: 'must be a port number from 0 to 65535' });

/** Variables every service reads. A service adds its own with `serviceConfigSchema.extend({...})`. */
/** An on/off variable: `1`/`true` or `0`/`false` (default off). */
export const flag = z
  .enum(['0', '1', 'true', 'false'])
  .default('0')
  .transform((value) => value === '1' || value === 'true');

export const serviceConfigSchema = z.object({
  DATABASE_URL: postgresUrl,
  KAFKA_BROKERS: brokerList,
  /** Address the HTTP server binds; loopback by default, 0.0.0.0 in containers. */
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  PG_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seconds a service waits for PostgreSQL and Kafka at start before it gives up with one line. */
  STARTUP_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(15),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** Seconds a running Idempotency-Key claim holds its key before a retry may take it over. */
  IDEMPOTENCY_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Hours a completed command's answer is kept for retries with the same Idempotency-Key. */
  IDEMPOTENCY_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24),
  ...consumerConfigShape,
});

export type ServiceConfig = z.infer<typeof serviceConfigSchema>;

/**
 * Validates the environment against a schema. On the first bad variable it throws a ConfigError naming
 * that variable; values are not echoed because they may hold passwords.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = issue?.path.map(String).join('.') || '(environment)';
  const topKey = issue?.path[0];
  const missing = typeof topKey === 'string' && (env[topKey] === undefined || env[topKey] === '');
  const reason = missing ? 'is required' : (issue?.message ?? 'is invalid');
  throw new ConfigError(variable, reason);
}

/** The URL with its password masked, safe for a log line or an error message. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable URL)';
  }
}
