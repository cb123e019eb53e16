import { eventCatalogue, type EventMetadata } from '@yuqing/contracts';
import { uuidv7 } from '@yuqing/event-store';
import type { InboxEvent } from './inbox-handler';

/**
 * Another context's event as a service's inbox receives it from Kafka, validated by its contract: demo loaders and
 * tests drive a service's consumers with it (`ConsumerHost.deliver`) when the publishing service's own history has
 * no such incident.
 */
export function receivedEvent(
  type: string,
  data: unknown,
  orgUnit: string,
  options: { readonly streamId?: string; readonly time?: Date; readonly actor?: EventMetadata['actor'] } = {},
): InboxEvent {
  const definition = eventCatalogue.get(type, 1);
  const incidentId = (data as { incidentId?: string }).incidentId;
  const streamId = options.streamId ?? `${definition.context}-incident-${incidentId}`;
  return {
    eventId: uuidv7(),
    type,
    schemaVersion: 1,
    source: `/yuqing/${definition.context}`,
    streamId,
    streamPosition: 1,
    time: options.time ?? new Date(),
    orgUnit,
    data: definition.parse(data),
    metadata: {
      orgUnit,
      actor: options.actor ?? { kind: 'service', id: definition.context },
      correlationId: streamId,
    },
  };
}
