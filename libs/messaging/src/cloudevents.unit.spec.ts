import { cloudEventHeadersSchema, type RecordedEvent } from '@yuqing/contracts';
import { ConcurrencyError } from '@yuqing/event-store';
import { fromMessage, MalformedMessageError, publishedValue, toHeaders, toMessage } from './cloudevents';
import { isTransient } from './consumer/inbox-consumer';

const event: RecordedEvent = {
  eventId: '0193a2b4-7c1d-7e2f-9a3b-4c5d6e7f8091',
  type: 'grading.GradeConfirmed',
  schemaVersion: 1,
  streamId: 'grading-incident-0193a2b4-7c1d-7e2f-9a3b-4c5d6e7f8092',
  streamPosition: 3,
  globalPosition: '1042',
  transactionId: '99',
  data: { grade: { level: 'level-2', exceptional: false }, reason: '省级媒体转载' },
  metadata: {
    orgUnit: 'cn.yn.km.xs',
    actor: { kind: 'user', id: 'u-17', role: 'grading-authority' },
    correlationId: 'corr-1',
    causationId: 'evt-0',
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    ruleVersion: 'grading-rules@2026-01',
  },
  recordedAt: new Date('2026-11-25T02:30:00.000Z'),
};

describe('CloudEvents binary-mode headers', () => {
  it('writes headers that satisfy the published header contract', () => {
    expect(cloudEventHeadersSchema.safeParse(toHeaders(event, '/yuqing/grading')).success).toBe(true);
  });

  it('reads back the event it wrote, metadata included', () => {
    const headers = toHeaders(event, '/yuqing/grading') as Record<string, string>;
    const consumed = fromMessage(headers, Buffer.from(JSON.stringify(event.data)));
    expect(consumed).toMatchObject({
      eventId: event.eventId,
      type: event.type,
      schemaVersion: 1,
      source: '/yuqing/grading',
      streamId: event.streamId,
      streamPosition: 3,
      time: event.recordedAt,
      data: event.data,
      metadata: event.metadata,
    });
  });

  it('names the bad header of a message that is not one of ours', () => {
    const headers = {
      ...(toHeaders(event, '/yuqing/grading') as Record<string, string>),
      ce_type: '<script>alert(1)</script>',
    };
    expect(() => fromMessage(headers, Buffer.from('{}'))).toThrow(
      new MalformedMessageError(
        'header ce_type: Invalid string: must match pattern /^[a-z]+\\.[A-Z][A-Za-z0-9]+$/',
      ),
    );
  });

  it('refuses an event id that is not a UUID: a line break in it would inject SSE frames (issue 19)', () => {
    const headers = {
      ...(toHeaders(event, '/yuqing/grading') as Record<string, string>),
      ce_id: `${event.eventId}\n\nevent: identity.RoleGranted`,
    };
    expect(() => fromMessage(headers, Buffer.from('{}'))).toThrow(
      new MalformedMessageError('header ce_id: not a UUID'),
    );
  });

  it('refuses a payload that is not JSON', () => {
    expect(() =>
      fromMessage(toHeaders(event, '/yuqing/grading') as Record<string, string>, Buffer.from('{oops')),
    ).toThrow(MalformedMessageError);
  });
});

describe('which consumer failures are retried rather than dead-lettered', () => {
  it('retries the database going away, deadlocks, serialisation failures and lost races', () => {
    for (const code of ['08006', '57P01', '40001', '40P01', 'ECONNREFUSED'])
      expect(isTransient(Object.assign(new Error(code), { code }))).toBe(true);
    expect(isTransient(new ConcurrencyError('s', 1, 2))).toBe(true);
  });

  it('parks what the same message would fail on again', () => {
    expect(isTransient(new Error('cannot apply 有毒的消息'))).toBe(false);
    expect(isTransient(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isTransient(Object.assign(new Error('invalid input syntax'), { code: '22P02' }))).toBe(false);
  });
});

describe('the published value (ADR 0011)', () => {
  it('is the payload with the event’s org unit as tenant, keyed by stream', () => {
    const message = toMessage(event, '/yuqing/grading');
    expect(message.key).toBe(event.streamId);
    expect(JSON.parse(message.value)).toEqual({ tenant: 'cn.yn.km.xs', ...(event.data as object) });
    expect(message.headers.tenant).toBe('cn.yn.km.xs');
  });

  it('stamps an empty payload and escapes the org unit as JSON', () => {
    expect(publishedValue({}, 'cn.yn')).toBe('{"tenant":"cn.yn"}');
    expect(JSON.parse(publishedValue({ a: 1 }, 'x"y'))).toEqual({ tenant: 'x"y', a: 1 });
  });

  it('reads back with the org unit of the tenant header when read raw', () => {
    const message = toMessage(event, '/yuqing/grading');
    const read = fromMessage(message.headers as Record<string, string>, Buffer.from(message.value));
    expect(read.orgUnit).toBe('cn.yn.km.xs');
    expect(read.metadata.orgUnit).toBe('cn.yn.km.xs');
  });
});
