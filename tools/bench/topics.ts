import { parseTopicNamespace, TOPIC_NAMESPACE_VARIABLE } from '@yuqing/contracts';
import { createKafka, deleteNamespaceTopics } from '@yuqing/messaging';
import { log } from './event-store/protocol';

export interface RunTopics {
  /** The run's topic namespace: every platform topic of this process and of the services it spawns ends in it. */
  readonly namespace: string;
  /** Deletes the run's topics (their events with them); logs, never throws: the result is already printed. */
  drop(): Promise<void>;
}

/**
 * Topics of the benchmark run's own: sets YUQING_TOPIC_NAMESPACE for this process and (inherited through
 * process.env) the services it starts, so the run neither reads other runs' events nor leaves its own on the
 * platform's topics for the next `npm start` to grade. Call it before naming any topic (at the top of the script);
 * drop them when the run ends, failed or not.
 */
export function runTopics(bench: string): RunTopics {
  const namespace = parseTopicNamespace(`bench-${bench}-${Date.now().toString(36)}`)!;
  process.env[TOPIC_NAMESPACE_VARIABLE] = namespace;
  return {
    namespace,
    async drop() {
      // The brokers infraAddresses() used: it leaves them in process.env.
      const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
      if (brokers.length === 0) return;
      try {
        const kafka = createKafka({ brokers, clientId: `bench-${bench}-cleanup` });
        const deleted = await deleteNamespaceTopics(kafka, namespace);
        log(`deleted the run's ${deleted.length} topics (namespace ${namespace})`);
      } catch (error) {
        log(
          `could not delete the topics of namespace ${namespace}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
  };
}
