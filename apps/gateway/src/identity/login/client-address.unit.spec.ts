import { clientAddress } from './client-address';

describe('the address a sign-in comes from', () => {
  it('is the peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress('::ffff:198.51.100.7', '203.0.113.1', [])).toBe('198.51.100.7');
  });

  it('is the right-most untrusted address of X-Forwarded-For behind trusted proxies', () => {
    const trusted = ['10.0.0.1', '10.0.0.2'];
    expect(clientAddress('10.0.0.1', '1.2.3.4, 203.0.113.9, 10.0.0.2', trusted)).toBe('203.0.113.9');
    expect(clientAddress('::ffff:10.0.0.1', ['203.0.113.9'], trusted)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.1', undefined, trusted)).toBe('10.0.0.1');
  });
});
