import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhookSignature } from './webhook';

const secret = 'whsec-0123456789abcdef0123456789abcdef';
const body = '{"id":"n-1","text":"报送提醒"}';
const now = new Date(1_700_000_000_000);

describe('webhook signature', () => {
  it('is sha256= and the hex HMAC-SHA256 of "<timestamp>.<body>" (known answer, computed with Python hmac)', () => {
    expect(signWebhook(secret, '1700000000', body)).toBe(
      'sha256=324c99ed1f12fc7a00d90609b7db2a6d68e8a0a007dacfe42f55e623c4a8e85f',
    );
  });

  it('signs the same bytes whether the body is given as a string or a Buffer', () => {
    expect(signWebhook(secret, '1700000000', Buffer.from(body, 'utf8'))).toBe(
      signWebhook(secret, '1700000000', body),
    );
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`, 'utf8').digest('hex');
    expect(signWebhook(secret, '1700000000', body)).toBe(`sha256=${expected}`);
  });

  it('verifies a fresh, untampered delivery', () => {
    const signature = signWebhook(secret, '1700000000', body);
    expect(verifyWebhookSignature({ secret, body, signature, timestamp: '1700000000', now })).toEqual({
      valid: true,
    });
  });

  it('refuses a tampered body, a wrong secret and a timestamp moved to fit', () => {
    const signature = signWebhook(secret, '1700000000', body);
    const check = (over: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
      verifyWebhookSignature({ secret, body, signature, timestamp: '1700000000', now, ...over });
    expect(check({ body: body.replace('报送', '上报') })).toEqual({ valid: false, reason: 'mismatch' });
    expect(check({ secret: `${secret}x` })).toEqual({ valid: false, reason: 'mismatch' });
    expect(check({ timestamp: '1700000001' })).toEqual({ valid: false, reason: 'mismatch' });
  });

  it('refuses a replay outside the five-minute window', () => {
    const signature = signWebhook(secret, '1700000000', body);
    const at = (seconds: number) =>
      verifyWebhookSignature({
        secret,
        body,
        signature,
        timestamp: '1700000000',
        now: new Date(seconds * 1000),
      });
    expect(at(1_700_000_300)).toEqual({ valid: true });
    expect(at(1_700_000_301)).toEqual({ valid: false, reason: 'stale' });
    expect(at(1_699_999_699)).toEqual({ valid: false, reason: 'stale' });
  });

  it('refuses missing or malformed headers without comparing', () => {
    const base = { secret, body, now };
    expect(verifyWebhookSignature({ ...base, signature: undefined, timestamp: '1700000000' }).valid).toBe(
      false,
    );
    expect(verifyWebhookSignature({ ...base, signature: 'sha1=abc', timestamp: '1700000000' })).toEqual({
      valid: false,
      reason: 'malformed',
    });
    expect(
      verifyWebhookSignature({
        ...base,
        signature: signWebhook(secret, '1700000000', body),
        timestamp: '17e8',
      }),
    ).toEqual({ valid: false, reason: 'malformed' });
  });
});
