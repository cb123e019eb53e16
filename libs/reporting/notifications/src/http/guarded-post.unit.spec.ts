import { DeliveryError } from '../delivery';
import { classifyHttpStatus, guardedPost, parseRetryAfter, type HttpResult } from './guarded-post';
import { isInternalAddress } from '@yuqing/net-guard';

const now = new Date('2025-06-01T06:00:00Z');
const answer = (status: number, headers: HttpResult['headers'] = {}): HttpResult => ({
  status,
  headers,
  body: '',
});

describe('classifyHttpStatus', () => {
  it('accepts any 2xx', () => {
    for (const status of [200, 201, 202, 204])
      expect(classifyHttpStatus(answer(status), now)).toBeUndefined();
  });

  it.each([408, 425, 429, 500, 502, 503, 504])('retries HTTP %i', (status) => {
    expect(classifyHttpStatus(answer(status), now)).toMatchObject({
      code: `http-${status}`,
      transient: true,
    });
  });

  it.each([301, 302, 400, 401, 403, 404, 410, 413, 422])('does not retry HTTP %i', (status) => {
    expect(classifyHttpStatus(answer(status), now)).toMatchObject({
      code: `http-${status}`,
      transient: false,
    });
  });

  it('carries Retry-After in seconds or as a date', () => {
    expect(classifyHttpStatus(answer(429, { 'retry-after': '120' }), now)?.retryAfterMs).toBe(120_000);
    expect(parseRetryAfter('Sun, 01 Jun 2025 06:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('guardedPost', () => {
  it.each([
    'http://127.0.0.1:9/hook',
    'http://10.1.2.3/hook',
    'http://[::1]/hook',
    'http://169.254.169.254/latest',
  ])('refuses %s unless allow-listed, before any connection', async (url) => {
    const error = await guardedPost(url, '{}').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: 'blocked-address', transient: false });
    expect((error as Error).message).not.toContain(new URL(url).hostname);
  });

  it('refuses schemes other than http(s) and unparseable URLs, permanently', async () => {
    await expect(guardedPost('file:///etc/passwd', '{}')).rejects.toMatchObject({ code: 'invalid-endpoint' });
    await expect(guardedPost('not a url', '{}')).rejects.toMatchObject({
      code: 'invalid-endpoint',
      transient: false,
    });
  });
});

describe('isInternalAddress', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '100.64.0.1',
    '::1',
    '::ffff:127.0.0.1',
    'fd00::1',
    'fe80::1',
  ])('treats %s as internal', (address) => expect(isInternalAddress(address)).toBe(true));

  it.each(['203.0.113.10', '8.8.8.8', '2001:db8::1', '2400:3200::1'])('treats %s as public', (address) =>
    expect(isInternalAddress(address)).toBe(false),
  );
});
