import type { InboxEvent } from '@yuqing/service-kit';
import { frame, sseField } from './sse';

// Issue 19: an event id with a line break in it wrote extra fields, or whole frames, into every user's stream.
const event: InboxEvent = {
  eventId: '0193a2b4-7c1d-7e2f-9a3b-4c5d6e7f8091',
  type: 'ingestion.ItemCaptured',
  schemaVersion: 1,
  streamId: 'ingestion-item-1',
  streamPosition: 1,
  time: new Date('2026-12-01T00:00:00Z'),
  source: '/yuqing/ingestion',
  orgUnit: 'cn.yn.km.yl',
  metadata: { orgUnit: 'cn.yn.km.yl', actor: { kind: 'service', id: 'ingestion' }, correlationId: 'c' },
  data: { title: '第一行\n\nevent: identity.RoleGranted\ndata: {}' },
};

/** The frames a browser's EventSource reads from the text, with their fields. */
function parse(text: string): Record<string, string>[] {
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) =>
      Object.fromEntries(
        block
          .split('\n')
          .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
      ),
    );
}

it('writes one frame per event with its id, type and the event as JSON', () => {
  const frames = parse(frame(event));
  expect(frames).toHaveLength(1);
  expect(frames[0]).toMatchObject({ id: event.eventId, event: 'ingestion.ItemCaptured' });
  expect(JSON.parse(frames[0]!.data!)).toMatchObject({ eventId: event.eventId, data: event.data });
});

it('keeps a line break in an event id from injecting fields or frames', () => {
  const eventId = 'x\n\nid: 1\nevent: identity.RoleGranted\ndata: {"forged":true}\r';
  const text = frame({ ...event, eventId });
  const frames = parse(text);
  expect(frames).toHaveLength(1);
  expect(Object.keys(frames[0]!)).toEqual(['id', 'event', 'data']);
  expect(frames[0]!.id).toBe(sseField(eventId));
  expect(decodeURIComponent(frames[0]!.id!)).toBe(eventId);
  expect(frames[0]!.event).toBe('ingestion.ItemCaptured');
});
