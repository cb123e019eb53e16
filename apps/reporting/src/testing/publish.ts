import type { Kafka } from 'kafkajs';
import { eventCatalogue, type RecordedEvent } from '@yuqing/contracts';
import { uuidv7 } from '@yuqing/event-store';
import { toMessage } from '@yuqing/messaging';

// Test code: publishes events as another context's relay would (toMessage: keyed by stream, the payload with its
// `tenant`, CloudEvents headers), so the reporting service's consumers are driven through the real Kafka topics
// without that context running.

export interface Published {
  readonly eventId: string;
  readonly type: string;
}

/** Where a sent event landed. */
export interface Landed extends Published {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

export interface EventToPublish {
  readonly type: string;
  readonly data: unknown;
  readonly streamId: string;
  readonly orgUnit: string;
}

/** The events as their context's store records them; their ids fixed here, so they can be delivered again. */
export function recorded(events: readonly EventToPublish[]): RecordedEvent[] {
  return events.map((e) => {
    const definition = eventCatalogue.get(e.type, 1);
    return {
      eventId: uuidv7(),
      type: e.type,
      schemaVersion: 1,
      streamId: e.streamId,
      streamPosition: 1,
      globalPosition: '1',
      transactionId: '1',
      data: definition.parse(e.data),
      metadata: {
        orgUnit: e.orgUnit,
        actor: { kind: 'service', id: definition.context },
        correlationId: e.streamId,
      },
      recordedAt: new Date(),
    };
  });
}

/** Sends recorded events on their topics, in order, as their context's relay would; where each landed. */
export async function send(kafka: Kafka, events: readonly RecordedEvent[]): Promise<Landed[]> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const landed: Landed[] = [];
    for (const event of events) {
      const definition = eventCatalogue.get(event.type, 1);
      const [at] = await producer.send({
        topic: definition.topic,
        acks: -1,
        messages: [toMessage(event, `/yuqing/${definition.context}`)],
      });
      if (at?.baseOffset === undefined) throw new Error(`no offset for ${event.type}`);
      landed.push({
        eventId: event.eventId,
        type: event.type,
        topic: definition.topic,
        partition: at.partition,
        offset: BigInt(at.baseOffset),
      });
    }
    return landed;
  } finally {
    await producer.disconnect();
  }
}

export async function publish(kafka: Kafka, events: readonly EventToPublish[]): Promise<Published[]> {
  return (await send(kafka, recorded(events))).map(({ eventId, type }) => ({ eventId, type }));
}
