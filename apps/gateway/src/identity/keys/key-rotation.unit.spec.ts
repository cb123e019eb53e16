import type { JWK } from 'jose';
import { retirementTime, signingKeyOf, stateAt, verifyingKeys, type KeyRecord } from './key-rotation';

// A rotation: the new key signs at once, the old one verifies until every token it signed has expired.
const rotatedAt = new Date('2026-12-07T08:00:00Z');
const ttl = 600;
const jwk: JWK = { kty: 'RSA' };
const old: KeyRecord = {
  kid: 'old',
  publicJwk: jwk,
  state: 'retiring',
  activatedAt: new Date('2026-11-01T00:00:00Z'),
  retiringAt: rotatedAt,
  retireAt: retirementTime(rotatedAt, ttl),
};
const fresh: KeyRecord = {
  kid: 'new',
  publicJwk: jwk,
  state: 'active',
  activatedAt: rotatedAt,
  retiringAt: null,
  retireAt: null,
};
const at = (seconds: number) => new Date(rotatedAt.getTime() + seconds * 1000);

describe('signing-key rotation', () => {
  it('retires the old key only after a token it signed at the last moment has expired', () => {
    // The last token the old key can sign is signed before the replicas reload (30 s) and lives `ttl`.
    const lastToken = { signedAt: at(30), expiresAt: at(30 + ttl) };
    expect(retirementTime(rotatedAt, ttl).getTime()).toBeGreaterThan(lastToken.expiresAt.getTime());
    expect(retirementTime(rotatedAt, 3600).getTime()).toBeGreaterThan(at(3600 + 30).getTime());
  });

  it('verifies with both keys until the retirement time, then with the new one only', () => {
    expect(verifyingKeys([fresh, old], at(1)).map((k) => k.kid)).toEqual(['new', 'old']);
    expect(verifyingKeys([fresh, old], at(ttl)).map((k) => k.kid)).toEqual(['new', 'old']);
    expect(stateAt(old, at(ttl))).toBe('retiring');
    const retired = old.retireAt!;
    expect(stateAt(old, retired)).toBe('retired');
    expect(verifyingKeys([fresh, old], retired).map((k) => k.kid)).toEqual(['new']);
    expect(verifyingKeys([fresh, { ...old, state: 'retired' }], at(1)).map((k) => k.kid)).toEqual(['new']);
  });

  it('signs with the active key only', () => {
    expect(signingKeyOf([old, fresh])?.kid).toBe('new');
    expect(signingKeyOf([old])).toBeUndefined();
    expect(stateAt(fresh, at(10 * 365 * 86400))).toBe('active');
  });
});
