import { randomUUID } from 'node:crypto';
import { serviceConfigSchema, type ServiceConfig } from '@yuqing/config';

/**
 * The real servers' addresses, as the Jest global setup found or started them. A test that needs a server
 * that is not there fails here; it never skips.
 */
export function infraEnv(): { DATABASE_URL: string; KAFKA_BROKERS: string[] } {
  const { DATABASE_URL, KAFKA_BROKERS } = process.env;
  if (!DATABASE_URL || !KAFKA_BROKERS) {
    throw new Error(
      'DATABASE_URL and KAFKA_BROKERS are not set: run integration tests through `npm test` (its global setup starts the servers)',
    );
  }
  return { DATABASE_URL, KAFKA_BROKERS: KAFKA_BROKERS.split(',') };
}

/** A service configuration pointing at the test servers, with test-friendly overrides. */
export function testServiceConfig(
  overrides: Partial<Record<keyof ServiceConfig, string>> = {},
): ServiceConfig {
  const env = infraEnv();
  return serviceConfigSchema.parse({
    DATABASE_URL: env.DATABASE_URL,
    KAFKA_BROKERS: env.KAFKA_BROKERS.join(','),
    PORT: '0',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

/** A name no other test run uses: for schemas, topics and consumer groups. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}
