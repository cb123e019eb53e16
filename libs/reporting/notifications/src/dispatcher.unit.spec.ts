import { NotificationAttempted, NotificationDelivered, NotificationFailed } from '@yuqing/contracts';
import { DeliveryError, type ChannelAdapter, type DeliveryReceipt } from './delivery';
import { InvalidNotificationError, NotificationDispatcher, type PendingNotification } from './dispatcher';
import type { AddressOf, Notification } from './notification';
import { aNotification } from './testing/fixtures';
import { FakeClock, RecordingSink } from './testing/recording-sink';

const start = Date.parse('2025-06-01T06:00:00.000Z');
const address: AddressOf<'webhook'> = { channel: 'webhook' };
const policy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 60_000, jitter: 0 };

/** An adapter that plays a script: each entry is the outcome of one send. */
class ScriptedAdapter implements ChannelAdapter<AddressOf<'webhook'>> {
  readonly channel = 'webhook' as const;
  readonly sends: number[] = [];
  constructor(
    private readonly script: (DeliveryError | Error | DeliveryReceipt)[],
    private readonly clock: () => Date,
  ) {}
  send(_n: Notification, _a: AddressOf<'webhook'>, context: { attempt: number }): Promise<DeliveryReceipt> {
    this.sends.push(context.attempt);
    const next = this.script.shift() ?? { deliveredAt: this.clock(), providerMessageId: 'msg-1' };
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  }
}

function setup(script: (DeliveryError | Error | DeliveryReceipt)[]) {
  const clock = new FakeClock(start);
  const sink = new RecordingSink();
  const adapter = new ScriptedAdapter(script, clock.now);
  const dispatcher = new NotificationDispatcher({
    adapters: [adapter],
    sink,
    policy,
    clock: clock.now,
    sleep: clock.sleep,
    random: () => 0,
  });
  return { clock, sink, adapter, dispatcher };
}

const down = () => DeliveryError.transient('network-econnrefused', 'network error ECONNREFUSED');

describe('NotificationDispatcher', () => {
  it('reports a first-time delivery as attempted then delivered, in the events’ exact shapes', async () => {
    const { sink, dispatcher } = setup([]);
    const result = await dispatcher.dispatch(aNotification(), address);
    expect(result.next).toBeNull();
    expect(sink.story()).toEqual(['attempted#1', 'delivered#1']);
    expect(sink.events[0]!.data).toEqual(
      NotificationAttempted.parse({
        notificationId: '0193a6f2-7c1e-7b2a-9d4e-3f5a6b7c8d9e',
        purpose: 'deadline-reminder',
        recipient: { kind: 'duty-desk', id: 'org-county-cac' },
        channel: 'webhook',
        attempt: 1,
        incidentId: 'inc-0042',
        obligationId: 'obl-0042-bulletin',
      }),
    );
    expect(NotificationDelivered.create(sink.events[1]!.data as never).data).toEqual({
      notificationId: '0193a6f2-7c1e-7b2a-9d4e-3f5a6b7c8d9e',
      channel: 'webhook',
      attempt: 1,
      deliveredAt: '2025-06-01T06:00:00.000Z',
      providerMessageId: 'msg-1',
    });
  });

  it('retries a transient failure with exponential backoff and records every failed attempt', async () => {
    const { sink, dispatcher, adapter } = setup([down(), down(), down()]);
    const result = await dispatcher.dispatch(aNotification(), address);
    expect(result.outcome).toMatchObject({ status: 'delivered', attempt: 4 });
    expect(adapter.sends).toEqual([1, 2, 3, 4]);
    expect(sink.story()).toEqual([
      'attempted#1',
      'failed#1:network-econnrefused:retry',
      'attempted#2',
      'failed#2:network-econnrefused:retry',
      'attempted#3',
      'failed#3:network-econnrefused:retry',
      'attempted#4',
      'delivered#4',
    ]);
    const failedAt = sink.events.filter((e) => e.type === 'failed').map((e) => e.data);
    // Each failure happens when the previous wait ended: 06:00:00, +1 s, +2 s; the next attempt 1, 2, 4 s later.
    expect(failedAt.map((f) => 'nextAttemptAt' in f && f.nextAttemptAt)).toEqual([
      '2025-06-01T06:00:01.000Z',
      '2025-06-01T06:00:03.000Z',
      '2025-06-01T06:00:07.000Z',
    ]);
  });

  it('gives up after the last attempt, reporting the final failure with willRetry false', async () => {
    const { sink, dispatcher } = setup([down(), down(), down(), down(), down()]);
    const result = await dispatcher.dispatch(aNotification(), address);
    expect(result.next).toBeNull();
    expect(result.outcome).toMatchObject({ status: 'failed', attempt: 4, willRetry: false, transient: true });
    expect(sink.story().at(-1)).toBe('failed#4:network-econnrefused:final');
    const last = sink.events.at(-1)!.data;
    expect(NotificationFailed.parse(last)).not.toHaveProperty('nextAttemptAt');
  });

  it('does not retry a permanent failure', async () => {
    const { sink, dispatcher, adapter } = setup([
      DeliveryError.permanent('http-400', 'refused with HTTP 400'),
    ]);
    await dispatcher.dispatch(aNotification(), address);
    expect(adapter.sends).toEqual([1]);
    expect(sink.story()).toEqual(['attempted#1', 'failed#1:http-400:final']);
  });

  it('honours Retry-After when it asks for longer than the backoff', async () => {
    const { sink, dispatcher } = setup([DeliveryError.transient('http-429', 'busy', 30_000)]);
    await dispatcher.dispatch(aNotification(), address);
    expect(sink.events[1]!.data).toMatchObject({ nextAttemptAt: '2025-06-01T06:00:30.000Z' });
  });

  it('reports an unexpected adapter error by its class only, and retries it', async () => {
    const leaky = new Error('connect ECONNREFUSED duty@example.gov.cn secret=hunter2');
    const { sink, dispatcher } = setup([leaky]);
    await dispatcher.dispatch(aNotification(), address);
    expect(sink.events[1]!.data).toMatchObject({
      errorCode: 'unexpected-error',
      errorMessage: 'unexpected Error in the channel adapter',
      willRetry: true,
    });
    expect(JSON.stringify(sink.events)).not.toMatch(/hunter2|duty@example/);
  });

  it('makes a multi-line adapter message one line, as the event requires', async () => {
    const { sink, dispatcher } = setup([DeliveryError.permanent('x-1', 'first\nsecond\tthird')]);
    await dispatcher.dispatch(aNotification(), address);
    expect(sink.events[1]!.data).toMatchObject({ errorMessage: 'first second third' });
  });

  it('fails a channel with no adapter permanently, still recording the attempt', async () => {
    const { sink, dispatcher } = setup([]);
    await dispatcher.dispatch(aNotification({ channel: 'sms' }), { channel: 'sms', phones: ['13800138000'] });
    expect(sink.story()).toEqual(['attempted#1', 'failed#1:channel-not-configured:final']);
  });

  it('resumes from a persisted pending state in a new dispatcher, as after a restart', async () => {
    const first = setup([down()]);
    const step = await first.dispatcher.attemptOnce(first.dispatcher.pending(aNotification(), address));
    expect(step.next).toMatchObject({ attempt: 2, dueAt: '2025-06-01T06:00:01.000Z' });
    const persisted = JSON.parse(JSON.stringify(step.next)) as PendingNotification;

    const second = setup([]);
    const resumed = await second.dispatcher.resume(persisted);
    expect(resumed.outcome).toMatchObject({ status: 'delivered', attempt: 2 });
    expect(second.sink.story()).toEqual(['attempted#2', 'delivered#2']);
    // It waited until the attempt was due.
    expect(second.clock.now().toISOString()).toBe('2025-06-01T06:00:01.000Z');
  });

  it('stops waiting when aborted and hands back the pending state to persist', async () => {
    const { dispatcher, sink, adapter, clock } = setup([down()]);
    const controller = new AbortController();
    const stopping = new NotificationDispatcher({
      adapters: [adapter],
      sink,
      policy,
      clock: clock.now,
      random: () => 0,
      // Shutdown arrives while it waits for the second attempt.
      sleep: () => {
        controller.abort();
        return Promise.resolve();
      },
    });
    const result = await stopping.resume(dispatcher.pending(aNotification(), address), {
      signal: controller.signal,
    });
    expect(result.outcome).toMatchObject({ status: 'failed', attempt: 1, willRetry: true });
    expect(result.next).toMatchObject({ attempt: 2, dueAt: '2025-06-01T06:00:01.000Z' });
    expect(sink.story()).toEqual(['attempted#1', 'failed#1:network-econnrefused:retry']);
  });

  it('sends nothing when the attempt cannot be recorded', async () => {
    const { adapter, clock } = setup([]);
    const dispatcher = new NotificationDispatcher({
      adapters: [adapter],
      sink: {
        attempted: () => Promise.reject(new Error('database down')),
        delivered: () => undefined,
        failed: () => undefined,
      },
      clock: clock.now,
    });
    await expect(dispatcher.dispatch(aNotification(), address)).rejects.toThrow('database down');
    expect(adapter.sends).toEqual([]);
  });

  it('refuses an invalid notification or a mismatched address as a caller bug, naming fields not values', () => {
    const { dispatcher } = setup([]);
    expect(() => dispatcher.pending(aNotification({ id: 'not-a-uuid' }), address)).toThrow(
      new InvalidNotificationError('invalid notification: id'),
    );
    expect(() => dispatcher.pending(aNotification({ channel: 'email' }), address)).toThrow(
      'a email notification was given a webhook address',
    );
    expect(() =>
      dispatcher.pending(aNotification({ channel: 'email' }), { channel: 'email', to: ['not-an-address'] }),
    ).toThrow('invalid address: to.0');
  });
});
