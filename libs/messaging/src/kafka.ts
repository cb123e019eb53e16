import { Kafka, KafkaJSError, logLevel, type Admin, type KafkaConfig, type LogEntry } from 'kafkajs';
import { inTopicNamespace, type TopicSpec } from '@yuqing/contracts';

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
        // Waited for below: kafkajs's own wait gives up when the new topics are not in the metadata yet.
        waitForLeaders: false,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.numPartitions,
          replicationFactor: 1,
        })),
      });
      await waitForLeaders(
        admin,
        missing.map((spec) => spec.topic),
      );
    }
    return missing.map((spec) => spec.topic);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits until every partition of `topics` has a leader. A KRaft broker answers CreateTopics before its metadata
 * shows the new topics, and kafkajs's `waitForLeaders` fails on that (UNKNOWN_TOPIC_OR_PARTITION) instead of
 * asking again, which a broker creating many topics (tests, each file with its own) does often.
 */
async function waitForLeaders(admin: Admin, topics: readonly string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let reason = 'no metadata';
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
      const leaderless = metadata.topics.filter(
        (topic) => topic.partitions.length === 0 || topic.partitions.some((p) => p.leader < 0),
      );
      if (leaderless.length === 0) return;
      reason = `no leader yet for ${leaderless.map((topic) => topic.name).join(', ')}`;
    } catch (error) {
      if (!(error instanceof KafkaJSError && error.retriable)) throw error;
      reason = error.message;
    }
    if (Date.now() > deadline)
      throw new Error(`topics ${topics.join(', ')} not ready after ${timeoutMs} ms: ${reason}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Deletes the platform topics of a namespace (YUQING_TOPIC_NAMESPACE: a test file's or a benchmark run's own
 * topics), dead-letter topics included, and returns their names. Never a production topic: only names that
 * `inTopicNamespace` gives to the namespace.
 */
export async function deleteNamespaceTopics(kafka: Kafka, namespace: string): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => inTopicNamespace(topic, namespace));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
    return topics;
  } finally {
    await admin.disconnect();
  }
}
