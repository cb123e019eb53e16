import { createHmac, timingSafeEqual } from 'node:crypto';
import { DeliveryError } from '../delivery';
import { aNotification } from '../testing/fixtures';
import { startReceiver, type HttpReceiver, type ReceivedRequest, type Reply } from '../testing/receivers';
import { SignedWebhookAdapter } from './webhook';

const secret = 'whsec-0123456789abcdef0123456789abcdef';
const notification = aNotification();

// The integrator's side, written from docs/reporting-notifications.md rather than with the library's helper.
function integratorVerifies(request: ReceivedRequest, now = Date.now()): boolean {
  const timestamp = String(request.headers['x-yuqing-timestamp']);
  const signature = String(request.headers['x-yuqing-signature']);
  if (Math.abs(Math.floor(now / 1000) - Number(timestamp)) > 300) return false;
  const expected =
    'sha256=' + createHmac('sha256', secret).update(`${timestamp}.`).update(request.body).digest('hex');
  return (
    signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
  );
}

describe('signed webhook (against a local receiver)', () => {
  let reply: (request: ReceivedRequest) => Reply | Promise<Reply> = () => ({
    status: 200,
    body: { id: 'oa-msg-1' },
  });
  let receiver: HttpReceiver;

  beforeAll(async () => {
    receiver = await startReceiver((request) => reply(request));
  });
  afterAll(() => receiver.close());
  beforeEach(() => receiver.requests.splice(0));

  const adapter = (over: { url?: string; allowPrivateHosts?: string[]; timeoutMs?: number } = {}) =>
    new SignedWebhookAdapter({
      url: `${receiver.url}/hooks/yuqing`,
      secret,
      allowPrivateHosts: [new URL(receiver.url).host], // a bare host would allow its default port only
      ...over,
    });

  it('POSTs the notification as JSON with a signature the integrator can verify', async () => {
    reply = () => ({ status: 200, body: { id: 'oa-msg-1' } });
    const receipt = await adapter().send(notification, { channel: 'webhook' }, { attempt: 2 });

    expect(receipt.providerMessageId).toBe('oa-msg-1');
    const [request] = receiver.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/hooks/yuqing' });
    expect(request!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request!.headers['x-yuqing-delivery']).toBe(notification.id);
    expect(request!.headers['x-yuqing-attempt']).toBe('2');
    expect(integratorVerifies(request!)).toBe(true);
    expect(JSON.parse(request!.body.toString('utf8'))).toEqual({
      type: 'yuqing.notification',
      version: 1,
      id: notification.id,
      purpose: 'deadline-reminder',
      recipient: { kind: 'duty-desk', id: 'org-county-cac' },
      subject: notification.subject,
      text: notification.text,
      incidentId: 'inc-0042',
      obligationId: 'obl-0042-bulletin',
      attempt: 2,
      sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('a tampered body or a replay outside the window fails the integrator’s check', async () => {
    await adapter().send(notification, { channel: 'webhook' }, { attempt: 1 });
    const [request] = receiver.requests;
    const tampered = {
      ...request!,
      body: Buffer.from(request!.body.toString('utf8').replace('到期', '延期')),
    };
    expect(integratorVerifies(tampered)).toBe(false);
    expect(integratorVerifies(request!, Date.now() + 301_000)).toBe(false);
  });

  it.each([
    [500, true],
    [503, true],
    [429, true],
    [400, false],
    [404, false],
    [410, false],
  ])('classifies HTTP %i as transient=%s', async (status, transient) => {
    reply = () => ({ status, body: { error: 'x' } });
    await expect(adapter().send(notification, { channel: 'webhook' }, { attempt: 1 })).rejects.toMatchObject({
      code: `http-${status}`,
      transient,
    });
  });

  it('passes Retry-After on to the backoff', async () => {
    reply = () => ({ status: 429, headers: { 'retry-after': '42' } });
    const error = await adapter()
      .send(notification, { channel: 'webhook' }, { attempt: 1 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'http-429', retryAfterMs: 42_000 });
  });

  it('refuses a loopback receiver that is not allow-listed, without sending', async () => {
    const error = await adapter({ allowPrivateHosts: [] })
      .send(notification, { channel: 'webhook' }, { attempt: 1 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'blocked-address', transient: false });
    expect(receiver.requests).toHaveLength(0);
  });

  it('refuses a name that resolves to loopback too (DNS is checked, not just literals)', async () => {
    const error = await adapter({ url: `http://localhost:${receiver.port}/hooks`, allowPrivateHosts: [] })
      .send(notification, { channel: 'webhook' }, { attempt: 1 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'blocked-address' });
    expect(receiver.requests).toHaveLength(0);
  });

  it('gives up on a receiver that does not answer in time, and retries later', async () => {
    reply = () => new Promise<Reply>((resolve) => setTimeout(() => resolve({ status: 200 }), 1500));
    const error = await adapter({ timeoutMs: 200 })
      .send(notification, { channel: 'webhook' }, { attempt: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: 'timeout', transient: true });
  });
});
