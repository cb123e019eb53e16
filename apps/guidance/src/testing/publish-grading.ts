import type { Kafka } from 'kafkajs';
import { eventCatalogue, type EventMetadata, type RecordedEvent } from '@yuqing/contracts';
import { uuidv7 } from '@yuqing/event-store';
import { toMessage } from '@yuqing/messaging';

// Test code: publishes grading's events as grading's relay would (toMessage: keyed by stream, the payload with its
// `tenant`, CloudEvents headers), so guidance's consumer is driven through the real Kafka topic without grading.

export async function publishGrading(
  kafka: Kafka,
  events: readonly { type: string; data: unknown; orgUnit: string }[],
): Promise<string[]> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const ids: string[] = [];
    for (const e of events) {
      const definition = eventCatalogue.get(e.type, 1);
      const streamId = `grading-incident-${(e.data as { incidentId: string }).incidentId}`;
      const metadata: EventMetadata = {
        orgUnit: e.orgUnit,
        actor: { kind: 'service', id: definition.context },
        correlationId: streamId,
      };
      const recorded: RecordedEvent = {
        eventId: uuidv7(),
        type: e.type,
        schemaVersion: 1,
        streamId,
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
      ids.push(recorded.eventId);
    }
    return ids;
  } finally {
    await producer.disconnect();
  }
}
