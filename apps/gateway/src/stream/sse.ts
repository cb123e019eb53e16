import type { InboxEvent } from '@yuqing/service-kit';

/**
 * An SSE field value on one line: a line break ends the field and may start a frame of someone else's making, so
 * CR, LF and NUL are percent-encoded (with `%` itself, so the encoding reads back). A UUID or an event type passes
 * unchanged.
 */
export function sseField(value: string): string {
  return value.replace(
    /[%\r\n\0]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/** One Server-Sent Events frame of an event: `id`, `event`, and the event as one line of JSON. */
export function frame(event: InboxEvent): string {
  const body = {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    streamPosition: event.streamPosition,
    time: event.time.toISOString(),
    orgUnit: event.orgUnit,
    actor: event.metadata.actor,
    correlationId: event.metadata.correlationId,
    data: event.data,
  };
  // JSON.stringify escapes line breaks inside strings: the data line stays one line.
  return `id: ${sseField(event.eventId)}\nevent: ${sseField(event.type)}\ndata: ${JSON.stringify(body)}\n\n`;
}
