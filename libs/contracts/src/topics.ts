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

/** `yuqing.<context>.events.v1`: the one topic a context publishes its events on. */
export function eventsTopic(context: ContextName): string {
  return `yuqing.${context}.events.v1`;
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
