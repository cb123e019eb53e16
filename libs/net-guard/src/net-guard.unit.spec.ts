import { isAllowListed, isInternalAddress } from './index';

// What an operator's allow-list entry lets through, and which addresses count as inside the network.
describe('the SSRF allow-list', () => {
  it('lets a bare host through on its scheme’s default port only', () => {
    const list = ['feeds.intranet.example'];
    expect(isAllowListed(new URL('http://feeds.intranet.example/rss'), list)).toBe(true);
    expect(isAllowListed(new URL('https://FEEDS.intranet.example:443/rss'), list)).toBe(true);
    expect(isAllowListed(new URL('http://feeds.intranet.example:6379/'), list)).toBe(false);
    expect(isAllowListed(new URL('https://feeds.intranet.example:8443/'), list)).toBe(false);
  });

  it('lets host:port through on that port only, the default port written or not', () => {
    expect(isAllowListed(new URL('http://127.0.0.1:8080/rss'), ['127.0.0.1:8080'])).toBe(true);
    expect(isAllowListed(new URL('http://127.0.0.1:8081/rss'), ['127.0.0.1:8080'])).toBe(false);
    expect(isAllowListed(new URL('http://127.0.0.1/rss'), ['127.0.0.1:8080'])).toBe(false);
    expect(isAllowListed(new URL('http://hooks.example/'), ['hooks.example:80'])).toBe(true);
    expect(isAllowListed(new URL('http://[::1]:8080/'), ['[::1]:8080'])).toBe(true);
    expect(isAllowListed(new URL('http://[::1]:9090/'), ['[::1]:8080'])).toBe(false);
    expect(isAllowListed(new URL('http://[::1]/'), ['::1'])).toBe(true);
    expect(isAllowListed(new URL('http://[::1]:9090/'), ['::1'])).toBe(false);
  });
});

describe('internal addresses', () => {
  it.each([
    '192.0.0.1',
    '192.0.0.170',
    '2001::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    '::ffff:192.0.0.8',
  ])('refuses %s (IETF protocol assignments, Teredo)', (address) =>
    expect(isInternalAddress(address)).toBe(true),
  );

  it.each(['192.0.1.1', '2001:4860::8888', '2001:1::1', '8.8.8.8'])('lets public %s through', (address) =>
    expect(isInternalAddress(address)).toBe(false),
  );
});
