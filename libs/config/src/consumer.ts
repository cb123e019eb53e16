import { z } from 'zod';
import { consumeFromSchema } from './consume-from';

const millis = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `must be a number of milliseconds from ${min} to ${max}` })
    .int({ error: `must be a number of milliseconds from ${min} to ${max}` })
    .min(min, { error: `must be a number of milliseconds from ${min} to ${max}` })
    .max(max, { error: `must be a number of milliseconds from ${min} to ${max}` })
    .default(fallback);

/**
 * How a service consumes other contexts' topics (every `@InboxHandler`): one group per purpose,
 * `<CONSUMER_GROUP_PREFIX>.<purpose>`, and the engine's timing. Part of every service's schema.
 */
export const consumerConfigShape = {
  /** Prefix of the service's consumer groups; the service's name when absent. Tests give each run its own. */
  CONSUMER_GROUP_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,150}$/, 'must be 1 to 150 letters, digits, dots, dashes or underscores')
    .optional(),
  /** Where a new consumer group starts reading: `earliest` or an ISO 8601 time (see consume-from.ts). */
  CONSUME_FROM: consumeFromSchema,
  /** Kafka drops a member it has not heard from for this long, and gives its partitions to another. */
  KAFKA_SESSION_TIMEOUT_MS: millis(6000, 300_000, 10_000),
  KAFKA_HEARTBEAT_MS: millis(100, 100_000, 3000),
  /** How long a fetch waits for messages before returning empty: the latency of a quiet topic. */
  CONSUMER_MAX_WAIT_MS: millis(10, 10_000, 100),
  /** Attempts of a failing message (other than a transient failure) before it goes to the dead-letter topic. */
  CONSUMER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(3),
  /** First delay between attempts; it doubles each time. */
  CONSUMER_RETRY_DELAY_MS: millis(0, 60_000, 200),
} as const;

/** The consumer settings as validated. */
export interface ConsumerSettings {
  readonly CONSUMER_GROUP_PREFIX?: string | undefined;
  readonly CONSUME_FROM: string;
  readonly KAFKA_SESSION_TIMEOUT_MS: number;
  readonly KAFKA_HEARTBEAT_MS: number;
  readonly CONSUMER_MAX_WAIT_MS: number;
  readonly CONSUMER_MAX_ATTEMPTS: number;
  readonly CONSUMER_RETRY_DELAY_MS: number;
}
