import { randomUUID } from 'node:crypto';
import {
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  calculateJwkThumbprint,
  type JWK,
  type KeyLike,
} from 'jose';
import type { Grant } from '../principal';

/** An RSA signing key with its public JWK (what the JWKS endpoint serves). */
export interface SigningKey {
  readonly kid: string;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

/** A fresh 2048-bit RSA key for RS256; kid is its RFC 7638 thumbprint. */
export async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', {
    modulusLength: 2048,
    extractable: true,
  });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' },
    publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' },
  };
}

export interface TokenSignerOptions {
  readonly key: SigningKey;
  readonly issuer: string;
  readonly audience: string;
  /** Access-token lifetime; 10 minutes by default, so a revoked grant also dies with its tokens. */
  readonly ttlSeconds?: number;
}

export interface AccessTokenSubject {
  readonly subject: string;
  readonly kind: 'user' | 'integrator';
  readonly grants: readonly Grant[];
  readonly scopes?: readonly string[];
}

/** Issues RS256 access tokens in the shape TokenVerifier accepts (the built-in issuer, and tests). */
export class TokenSigner {
  private privateKey: KeyLike | Uint8Array | undefined;

  constructor(private readonly options: TokenSignerOptions) {}

  get ttlSeconds(): number {
    return this.options.ttlSeconds ?? 600;
  }

  async sign(subject: AccessTokenSubject, now: Date = new Date()): Promise<string> {
    this.privateKey ??= await importJWK(this.options.key.privateJwk, 'RS256');
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT({
      yq_kind: subject.kind,
      yq_grants: subject.grants.map((g) => ({ id: g.grantId, role: g.role, unit: g.orgUnit })),
      ...(subject.scopes && subject.scopes.length > 0 ? { scope: subject.scopes.join(' ') } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.options.key.kid, typ: 'at+jwt' })
      .setSubject(subject.subject)
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .setJti(randomUUID())
      .sign(this.privateKey);
  }
}
