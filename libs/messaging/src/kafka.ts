import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';
import type { TopicSpec } from '@yuqing/contracts';

export interface KafkaClientOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Retries for each request; a service's start-up check uses few so a bad address fails fast. */
  readonly retries?: number;
  readonly connectionTimeoutMs?: number;
  readonly onLog?: (entry: { level: 'error' | 'warn' | 'info' | 'debug'; message: string }) => void;
}

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * kafkajs warns when an idempotent producer has bounded retries. Here a send that gives up fails the relay's
 * batch, which is sent again from the outbox (and consumers' inboxes drop the repeats), so nothing is lost and
 * the warning would only teach operators to ignore warnings.
 */
const IGNORED = /^Limiting retries for the idempotent producer/;

/** A kafkajs client whose own log lines go to the caller's logger (or nowhere) instead of stdout. */
export function createKafka(options: KafkaClientOptions): Kafka {
  const config: KafkaConfig = {
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    retry: { retries: options.retries ?? 5, initialRetryTime: 200 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        if (IGNORED.test(message)) return;
        options.onLog?.({ level: levels[level] ?? 'info', message: `${message} ${JSON.stringify(extra)}` });
      },
  };
  return new Kafka(config);
}

/**
 * Creates the topics that are missing and waits for their leaders. Topics are created up front because a
 * subscription to a topic that does not exist yet races with auto-creation on a KRaft broker.
 */
export async function ensureTopics(kafka: Kafka, specs: readonly TopicSpec[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.numPartitions,
          replicationFactor: 1,
        })),
      });
    }
    return missing.map((spec) => spec.topic);
  } finally {
    await admin.disconnect();
  }
}
