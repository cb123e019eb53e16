import { z } from 'zod';
import { TokenVerifier } from './token-verifier';
import { isLoopbackHost, jwksUrlProblem, jwksUrlSchema } from './jwks-url';

// The signing keys a service trusts come over the network: in clear only on this machine, else over https.
describe('the JWKS URL a service fetches its signing keys from', () => {
  it.each([
    'https://gateway.example.gov.cn/.well-known/jwks.json',
    'https://10.0.0.5:3000/.well-known/jwks.json',
    'http://127.0.0.1:3000/.well-known/jwks.json',
    'http://127.8.0.1/jwks.json',
    'http://localhost:3000/.well-known/jwks.json',
    'http://[::1]:3000/.well-known/jwks.json',
  ])('accepts %s', (url) => {
    expect(jwksUrlProblem(url)).toBeUndefined();
    expect(jwksUrlSchema.parse(url)).toBe(url);
  });

  it.each([
    'http://gateway:3000/.well-known/jwks.json',
    'http://10.0.0.5:3000/.well-known/jwks.json',
    'http://[2001:db8::1]/jwks.json',
    'http://127.0.0.1.evil.example/jwks.json',
    'http://0.0.0.0:3000/jwks.json',
  ])('refuses plain http to %s, saying https is needed', (url) => {
    expect(jwksUrlProblem(url)).toMatch(/must use https outside loopback/);
    const result = z.object({ AUTH_JWKS_URL: jwksUrlSchema }).safeParse({ AUTH_JWKS_URL: url });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['AUTH_JWKS_URL']);
    expect(result.error?.issues[0]?.message).toMatch(/must use https outside loopback/);
  });

  it('refuses other schemes', () => {
    expect(jwksUrlProblem('ftp://127.0.0.1/jwks.json')).toMatch(/https/);
    expect(jwksUrlProblem('file:///etc/jwks.json')).toMatch(/https/);
  });

  it('tells loopback hosts apart from look-alikes', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
    expect(isLoopbackHost('localhost.example.com')).toBe(false);
    expect(isLoopbackHost('::ffff:10.0.0.1')).toBe(false);
  });

  it('is enforced by the verifier itself, whatever the configuration let through', () => {
    const options = { issuer: 'https://issuer.test', audience: 'yuqing' };
    expect(
      () => new TokenVerifier({ ...options, keys: { jwksUrl: 'http://gateway:3000/.well-known/jwks.json' } }),
    ).toThrow(/must use https outside loopback/);
    expect(
      () =>
        new TokenVerifier({ ...options, keys: { jwksUrl: 'http://127.0.0.1:3000/.well-known/jwks.json' } }),
    ).not.toThrow();
  });
});
