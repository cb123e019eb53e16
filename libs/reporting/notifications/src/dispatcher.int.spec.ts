import { createHmac } from 'node:crypto';
import { SmtpEmailAdapter } from './channels/email';
import { SignedWebhookAdapter } from './channels/webhook';
import {
  NotificationDispatcher,
  type NotificationAttemptedData,
  type NotificationFailedData,
  type PendingNotification,
} from './dispatcher';
import { aNotification } from './testing/fixtures';
import { decodeMail } from './testing/mime';
import { closedPort, startReceiver, type HttpReceiver } from './testing/receivers';
import { RecordingSink } from './testing/recording-sink';
import { SMTP_PASS, SMTP_USER, startSmtp, type LocalSmtp } from './testing/smtp';

// The promise: a receiver that is down gets retried with the failure recorded on every attempt, and
// when it comes back the next attempt delivers: nothing is lost. Real sockets, real waits (short ones).

const secret = 'whsec-0123456789abcdef0123456789abcdef';
const policy = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 1000, jitter: 0 };

/** A sink that can act when a failure is recorded (the dispatcher awaits it before scheduling on). */
class ScenarioSink extends RecordingSink {
  readonly attemptedAt: number[] = [];
  readonly failedAt: number[] = [];
  constructor(
    private readonly onFailed: (data: NotificationFailedData) => Promise<void> = async () => undefined,
  ) {
    super();
  }
  override attempted(data: NotificationAttemptedData): void {
    this.attemptedAt.push(Date.now());
    super.attempted(data);
  }
  override async failed(data: NotificationFailedData): Promise<void> {
    super.failed(data);
    this.failedAt.push(Date.now());
    await this.onFailed(data);
  }
}

const webhook = (port: number) =>
  new SignedWebhookAdapter({
    url: `http://127.0.0.1:${port}/hooks`,
    secret,
    allowPrivateHosts: [`127.0.0.1:${port}`], // a bare host would allow its default port only
  });

describe('NotificationDispatcher with real receivers', () => {
  const started: (HttpReceiver | LocalSmtp)[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  });

  it('retries a webhook receiver that is down, recording each failure, and delivers once it is back', async () => {
    const port = await closedPort();
    const sink = new ScenarioSink(async (failure) => {
      // The receiver comes back after the third failed attempt.
      if (failure.attempt === 3) started.push(await startReceiver(() => ({ status: 204 }), port));
    });
    const dispatcher = new NotificationDispatcher({ adapters: [webhook(port)], sink, policy });
    const t0 = Date.now();

    const result = await dispatcher.dispatch(aNotification(), { channel: 'webhook' });

    expect(result).toMatchObject({ outcome: { status: 'delivered', attempt: 4 }, next: null });
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
    // Every failure says when the next attempt is, 100, 200 then 400 ms on, and the next attempt waited for it.
    // The moment the delay was counted from lies between the attempt's start and the sink hearing of its failure,
    // so each delay is bounded on both sides without assuming how fast a loaded machine runs.
    const failures = sink.events.flatMap((e) => (e.type === 'failed' ? [e.data] : []));
    failures.forEach((failure, i) => {
      const next = Date.parse(failure.nextAttemptAt!);
      expect(next - sink.failedAt[i]!).toBeLessThanOrEqual(100 * 2 ** i);
      expect(next - sink.attemptedAt[i]!).toBeGreaterThanOrEqual(100 * 2 ** i);
      // Instants carry whole milliseconds.
      expect(sink.attemptedAt[i + 1]!).toBeGreaterThanOrEqual(next - 1);
    });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(700 - 15);
    expect(failures.every((f) => f.errorMessage === 'network error ECONNREFUSED')).toBe(true);
    // Delivered exactly once, signed, with the attempt that got through.
    const receiver = started[0] as HttpReceiver;
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request!.headers['x-yuqing-attempt']).toBe('4');
    const timestamp = String(request!.headers['x-yuqing-timestamp']);
    const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(request!.body).digest('hex');
    expect(request!.headers['x-yuqing-signature']).toBe(`sha256=${mac}`);
  });

  it('records a final failure when the receiver stays down past the last attempt', async () => {
    const sink = new ScenarioSink();
    const dispatcher = new NotificationDispatcher({
      adapters: [webhook(await closedPort())],
      sink,
      policy: { ...policy, maxAttempts: 3, baseDelayMs: 20 },
    });
    const result = await dispatcher.dispatch(aNotification(), { channel: 'webhook' });
    expect(result.next).toBeNull();
    expect(sink.story()).toEqual([
      'attempted#1',
      'failed#1:network-econnrefused:retry',
      'attempted#2',
      'failed#2:network-econnrefused:retry',
      'attempted#3',
      'failed#3:network-econnrefused:final',
    ]);
  });

  it('does not retry a permanent 4xx', async () => {
    const receiver = await startReceiver(() => ({ status: 422, body: { error: 'unknown recipient' } }));
    started.push(receiver);
    const sink = new ScenarioSink();
    const dispatcher = new NotificationDispatcher({ adapters: [webhook(receiver.port)], sink, policy });
    const result = await dispatcher.dispatch(aNotification(), { channel: 'webhook' });
    expect(result).toMatchObject({
      outcome: { status: 'failed', willRetry: false, transient: false },
      next: null,
    });
    expect(sink.story()).toEqual(['attempted#1', 'failed#1:http-422:final']);
    expect(receiver.requests).toHaveLength(1);
  });

  it('loses nothing across a restart: the persisted pending attempt is resumed by a new dispatcher', async () => {
    const port = await closedPort();
    const before = new ScenarioSink();
    const first = new NotificationDispatcher({ adapters: [webhook(port)], sink: before, policy });
    const step = await first.attemptOnce(first.pending(aNotification(), { channel: 'webhook' }));
    expect(step.outcome).toMatchObject({ status: 'failed', willRetry: true });
    // What the service stores with the events, then the process dies.
    const stored = JSON.stringify(step.next);

    const receiver = await startReceiver(() => ({ status: 200 }), port);
    started.push(receiver);
    const after = new ScenarioSink();
    const second = new NotificationDispatcher({ adapters: [webhook(port)], sink: after, policy });
    const resumed = await second.resume(JSON.parse(stored) as PendingNotification);

    expect(resumed.outcome).toMatchObject({ status: 'delivered', attempt: 2 });
    expect([...before.story(), ...after.story()]).toEqual([
      'attempted#1',
      'failed#1:network-econnrefused:retry',
      'attempted#2',
      'delivered#2',
    ]);
    expect(receiver.requests.map((r) => r.headers['x-yuqing-delivery'])).toEqual([aNotification().id]);
  });

  it('retries an SMTP server that is down and delivers the e-mail once it is back', async () => {
    const port = await closedPort();
    const sink = new ScenarioSink(async (failure) => {
      if (failure.attempt === 2) started.push(await startSmtp(undefined, port));
    });
    const email = new SmtpEmailAdapter({
      smtp: { host: '127.0.0.1', port, secure: false, auth: { user: SMTP_USER, pass: SMTP_PASS } },
      from: '舆情监测平台 <yuqing@example.gov.cn>',
      timeoutMs: 5000,
    });
    try {
      const dispatcher = new NotificationDispatcher({ adapters: [email], sink, policy });
      const notification = aNotification({
        channel: 'email',
        purpose: 'overdue-alert',
        subject: '【超时告警】快报已超时',
      });
      await dispatcher.dispatch(notification, { channel: 'email', to: ['duty@county.example.gov.cn'] });
      expect(sink.story()).toEqual([
        'attempted#1',
        'failed#1:smtp-econnrefused:retry',
        'attempted#2',
        'failed#2:smtp-econnrefused:retry',
        'attempted#3',
        'delivered#3',
      ]);
      const smtp = started[0] as LocalSmtp;
      expect(smtp.mails).toHaveLength(1);
      expect(decodeMail(smtp.mails[0]!.raw).subject).toBe('【超时告警】快报已超时');
    } finally {
      email.close();
    }
  });
});
