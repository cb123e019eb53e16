/** The bounded contexts that publish events. Each owns one public topic and its dead-letter topic. */
export const CONTEXTS = [
  'identity',
  'ingestion',
  'grading',
  'reporting',
  'guidance',
  'archive',
  'review',
  // @yuqing/tools:service inserts above this line
] as const;

export type ContextName = (typeof CONTEXTS)[number];

/**
 * Gives every platform topic a namespace of its own when set: each test file (tools/jest) and each benchmark run
 * publishes and consumes on topics nobody else uses, and deletes them after. Unset (production, `npm start`), the
 * names are exactly the contracts' (docs/events, AsyncAPI).
 */
export const TOPIC_NAMESPACE_VARIABLE = 'YUQING_TOPIC_NAMESPACE';

// Kafka's topic characters without the dot, which separates a name's parts; short, so every name stays far
// under Kafka's 249. `dlq` would turn a namespaced topic into a production dead-letter topic's name.
const NAMESPACE = /^[A-Za-z0-9_-]{1,64}$/;

/** The namespace a value names, or undefined for none (unset or empty); throws on a value Kafka cannot carry. */
export function parseTopicNamespace(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!NAMESPACE.test(value) || value === 'dlq')
    throw new Error(
      `${TOPIC_NAMESPACE_VARIABLE} must be 1 to 64 of A-Z a-z 0-9 _ - (not "dlq"), got ${JSON.stringify(value.slice(0, 80))}`,
    );
  return value;
}

/** This process's topic namespace, from YUQING_TOPIC_NAMESPACE (read on every call: a test may set it late). */
export function topicNamespace(): string | undefined {
  // `process` is absent in a browser bundle; there is no namespace there.
  return parseTopicNamespace(
    typeof process === 'undefined' ? undefined : process.env[TOPIC_NAMESPACE_VARIABLE],
  );
}

/**
 * `yuqing.<context>.events.v1`: the one topic a context publishes on. In a namespace the namespace goes last
 * (`yuqing.grading.events.v1.t-1a2b`), so the name still starts with `yuqing.<context>.`, which services select
 * their topics by.
 */
export function eventsTopic(context: ContextName): string {
  const namespace = topicNamespace();
  const topic = `yuqing.${context}.events.v1`;
  return namespace === undefined ? topic : `${topic}.${namespace}`;
}

/**
 * Whether `topic` is a platform topic of `namespace` (an events topic or its dead-letter topic); never a
 * production name, whatever the namespace, so deleting what this selects cannot touch production topics.
 */
export function inTopicNamespace(topic: string, namespace: string): boolean {
  const ns = parseTopicNamespace(namespace);
  if (ns === undefined || !topic.startsWith('yuqing.')) return false;
  const rest = topic.endsWith(`.${ns}.dlq`)
    ? topic.slice(0, -`.${ns}.dlq`.length)
    : topic.endsWith(`.${ns}`)
      ? topic.slice(0, -`.${ns}`.length)
      : undefined;
  return rest !== undefined && /^yuqing\.[a-z][a-z0-9-]*\.events\.v1$/.test(rest);
}

/** Where a consumer parks a message it could not handle after its retries. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

export interface TopicSpec {
  readonly topic: string;
  readonly numPartitions: number;
}

/** Every topic the platform needs, created before any producer or consumer starts. */
export function platformTopics(partitions = 6): TopicSpec[] {
  return CONTEXTS.flatMap((context) => {
    const topic = eventsTopic(context);
    return [
      { topic, numPartitions: partitions },
      { topic: deadLetterTopic(topic), numPartitions: 1 },
    ];
  });
}
