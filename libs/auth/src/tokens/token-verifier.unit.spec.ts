import { createHmac } from 'node:crypto';
import { SignJWT, importJWK } from 'jose';
import { generateSigningKey, TokenSigner, type SigningKey } from './token-signer';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

// The token checks every service relies on: only RS256 from a trusted key, for this issuer and audience, in time.
const issuer = 'https://id.km.example.gov.cn';
const audience = 'yuqing';
const subject = {
  subject: 'user-1',
  kind: 'user' as const,
  grants: [{ grantId: 'g-1', role: 'monitor' as const, orgUnit: 'cn.yn.km.yl' }],
};
let trusted: SigningKey;
let stranger: SigningKey;
let verifier: TokenVerifier;

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const claims = (overrides: Record<string, unknown> = {}): Record<string, unknown> => {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: issuer,
    aud: audience,
    sub: 'user-1',
    iat: now,
    nbf: now,
    exp: now + 600,
    yq_kind: 'user',
    yq_grants: [{ id: 'g-1', role: 'monitor', unit: 'cn.yn.km.yl' }],
    ...overrides,
  };
};
/** Signed as the issuer signs (typ at+jwt, RFC 9068) unless `typ` says otherwise (null: no typ). */
async function signed(
  key: SigningKey,
  payload: Record<string, unknown>,
  typ: string | null = 'at+jwt',
): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, ...(typ === null ? {} : { typ }) })
    .sign(await importJWK(key.privateJwk, 'RS256'));
}
async function rejection(token: string): Promise<string> {
  const error = await verifier.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidTokenError);
  return (error as Error).message;
}

beforeAll(async () => {
  [trusted, stranger] = await Promise.all([generateSigningKey(), generateSigningKey()]);
  verifier = new TokenVerifier({ issuer, audience, keys: { jwks: { keys: [trusted.publicJwk] } } });
});

describe('verifying access tokens', () => {
  it('accepts a token from the trusted key and turns it into the principal', async () => {
    const token = await new TokenSigner({ key: trusted, issuer, audience }).sign(subject);
    await expect(verifier.verify(token)).resolves.toMatchObject({
      subject: 'user-1',
      kind: 'user',
      grants: [{ grantId: 'g-1', role: 'monitor', orgUnit: 'cn.yn.km.yl' }],
      scopes: [],
    });
  });

  it('rejects an expired token', async () => {
    const token = await new TokenSigner({ key: trusted, issuer, audience, ttlSeconds: 60 }).sign(
      subject,
      new Date(Date.now() - 3600_000),
    );
    expect(await rejection(token)).toBe('token has expired');
  });

  it('rejects a token older than the age limit even when its exp is far away, and one without iat', async () => {
    const now = Math.floor(Date.now() / 1000);
    const old = claims({ iat: now - 7200, nbf: now - 7200, exp: now + 3600 });
    expect(await rejection(await signed(trusted, old))).toBe('token has expired');
    expect(await rejection(await signed(trusted, claims({ iat: undefined })))).toBe(
      'token claim iat is not accepted',
    );
    expect(verifier.revocationHorizonSeconds).toBe(3605);
  });

  it('rejects a token that is not valid yet beyond the clock tolerance, and accepts small skew', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await rejection(await signed(trusted, claims({ nbf: now + 120 })))).toBe('token is not valid yet');
    await expect(verifier.verify(await signed(trusted, claims({ nbf: now + 3 })))).resolves.toBeDefined();
  });

  it('rejects a token signed by another key, even one claiming the trusted kid', async () => {
    expect(await rejection(await signed(stranger, claims()))).toBe('token is not signed by a trusted key');
    const forged = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'RS256', kid: trusted.kid, typ: 'at+jwt' })
      .sign(await importJWK(stranger.privateJwk, 'RS256'));
    expect(await rejection(forged)).toBe('token signature does not verify');
  });

  it('rejects alg: none', async () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`;
    expect(await rejection(unsigned)).toBe('token algorithm is not accepted (RS256 only)');
  });

  it('rejects HS256 signed with the public key as the secret (algorithm confusion)', async () => {
    const head = `${b64({ alg: 'HS256', typ: 'JWT', kid: trusted.kid })}.${b64(claims())}`;
    const secret = JSON.stringify(trusted.publicJwk);
    const mac = createHmac('sha256', secret).update(head).digest('base64url');
    expect(await rejection(`${head}.${mac}`)).toBe('token algorithm is not accepted (RS256 only)');
  });

  it('rejects a token for another audience or from another issuer', async () => {
    expect(await rejection(await signed(trusted, claims({ aud: 'another-system' })))).toBe(
      'token claim aud is not accepted',
    );
    expect(await rejection(await signed(trusted, claims({ iss: 'https://evil.example' })))).toBe(
      'token claim iss is not accepted',
    );
  });

  it('rejects a well-signed token without yuqing claims or with an unknown role', async () => {
    expect(await rejection(await signed(trusted, claims({ yq_grants: undefined })))).toBe(
      'token lacks valid yuqing claims',
    );
    expect(
      await rejection(await signed(trusted, claims({ yq_grants: [{ id: 'g', role: 'root', unit: 'cn' }] }))),
    ).toBe('token lacks valid yuqing claims');
  });

  it('rejects a well-signed JWT that is not an access token (typ other than at+jwt, or none)', async () => {
    expect(await rejection(await signed(trusted, claims(), 'JWT'))).toBe('token claim typ is not accepted');
    expect(await rejection(await signed(trusted, claims(), null))).toBe('token claim typ is not accepted');
    expect(await rejection(await signed(trusted, claims(), 'secevent+jwt'))).toBe(
      'token claim typ is not accepted',
    );
    await expect(
      verifier.verify(await signed(trusted, claims(), 'application/at+jwt')),
    ).resolves.toBeDefined();
  });

  it('rejects garbage without echoing it', async () => {
    expect(await rejection('not-a-jwt')).toBe('token is malformed');
    expect(await rejection('')).toBe('token is missing or too long');
  });

  it('reads an integrator token with its scopes', async () => {
    const token = await new TokenSigner({ key: trusted, issuer, audience }).sign({
      subject: 'crawler-1',
      kind: 'integrator',
      grants: [{ grantId: 'c-1', role: 'integrator', orgUnit: 'cn.yn.km' }],
      scopes: ['ingestion.capture-item', 'events.stream'],
    });
    await expect(verifier.verify(token)).resolves.toMatchObject({
      kind: 'integrator',
      scopes: ['ingestion.capture-item', 'events.stream'],
    });
  });
});
