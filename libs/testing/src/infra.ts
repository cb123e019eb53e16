import { randomUUID } from 'node:crypto';
import { serviceConfigSchema, type ServiceConfig } from '@yuqing/config';
import { topicNamespace } from '@yuqing/contracts';

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

/**
 * Where a test service's new consumer groups start (CONSUME_FROM). In the int and e2e tiers each test file has
 * topics of its own (tools/jest/topic-namespace-environment.js), so everything on them is the file's and a group
 * reads from the first event: none is missed however late it joins. Without a namespace the topics are shared
 * with every other run, and a group starts shortly before now instead.
 */
export function testConsumeFrom(): string {
  return topicNamespace() !== undefined ? 'earliest' : new Date(Date.now() - 15_000).toISOString();
}
