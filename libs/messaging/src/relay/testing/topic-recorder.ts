import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { headersToStrings } from '../../cloudevents';

/** One record on the topic, as a consumer receives it. */
export interface TopicRecord {
  readonly partition: number;
  readonly offset: bigint;
  readonly eventId: string;
  readonly streamId: string;
  readonly streamPosition: number;
}

/**
 * What the relay put on a topic, seen from the consumer side by a plain Kafka consumer of its own group (no inbox,
 * no de-duplication). Records are kept by partition and offset, so a record this consumer happens to be handed
 * twice (a rebalance) counts once: what is counted is what the topic holds, in the topic's order.
 */
export class TopicRecorder {
  private readonly records = new Map<string, TopicRecord>();
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {}

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: `topic-recorder-${randomUUID()}`, maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    this.consumer = consumer;
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const h = headersToStrings(message.headers);
        this.records.set(`${partition}:${message.offset}`, {
          partition,
          offset: BigInt(message.offset),
          eventId: h.ce_id ?? '',
          streamId: h.ce_subject ?? '',
          streamPosition: Number(h.ce_streamposition),
        });
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  /** Every record so far, each partition in offset order. */
  all(): TopicRecord[] {
    return [...this.records.values()].sort((a, b) =>
      a.partition !== b.partition ? a.partition - b.partition : a.offset < b.offset ? -1 : 1,
    );
  }

  /** How many records of the topic carry each event id. */
  copiesByEventId(): Map<string, number> {
    const copies = new Map<string, number>();
    for (const record of this.records.values())
      copies.set(record.eventId, (copies.get(record.eventId) ?? 0) + 1);
    return copies;
  }

  /** Each stream's positions in the order the topic holds them (one stream is on one partition). */
  positionsByStream(): Map<string, number[]> {
    const positions = new Map<string, number[]>();
    for (const record of this.all())
      positions.set(record.streamId, [...(positions.get(record.streamId) ?? []), record.streamPosition]);
    return positions;
  }
}

/** How many messages a topic holds in all (the high watermarks less the low ones). */
export async function messagesOn(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, p) => n + Number(BigInt(p.high) - BigInt(p.low)), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Whether a consumer group has committed up to the end of every partition of a topic (nothing left to handle). */
export async function groupCaughtUp(kafka: Kafka, groupId: string, topic: string): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const at = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
    return ends.every((p) => BigInt(p.high) === 0n || (at.get(p.partition) ?? -1n) >= BigInt(p.high));
  } finally {
    await admin.disconnect();
  }
}
