import type { Kafka } from 'kafkajs';
import { eventCatalogue, type EventMetadata, type RecordedEvent } from '@yuqing/contracts';
import { uuidv7 } from '@yuqing/event-store';
import { toMessage } from '@yuqing/messaging';

// Test code: publishes events as another context's relay would (toMessage: keyed by stream, the payload with its
// `tenant`, CloudEvents headers), so the reporting service's consumers are driven through the real Kafka topics
// without that context running.

export interface Published {
  readonly eventId: string;
  readonly type: string;
}

export async function publish(
  kafka: Kafka,
  events: readonly { type: string; data: unknown; streamId: string; orgUnit: string }[],
): Promise<Published[]> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const sent: Published[] = [];
    for (const e of events) {
      const definition = eventCatalogue.get(e.type, 1);
      const metadata: EventMetadata = {
        orgUnit: e.orgUnit,
        actor: { kind: 'service', id: definition.context },
        correlationId: e.streamId,
      };
      const recorded: RecordedEvent = {
        eventId: uuidv7(),
        type: e.type,
        schemaVersion: 1,
        streamId: e.streamId,
        streamPosition: 1,
        globalPosition: '1',
        transactionId: '1',
        data: definition.parse(e.data),
        metadata,
        recordedAt: new Date(),
      };
      await producer.send({
        topic: definition.topic,
        acks: -1,
        messages: [{ ...toMessage(recorded, `/yuqing/${definition.context}`) }],
      });
      sent.push({ eventId: recorded.eventId, type: e.type });
    }
    return sent;
  } finally {
    await producer.disconnect();
  }
}
