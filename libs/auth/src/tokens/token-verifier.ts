import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import type { Role } from '../roles';
import type { Principal } from '../principal';
import { yuqingClaimsSchema } from './claims';
import { jwksUrlProblem } from './jwks-url';

/** The token was missing, malformed, expired, not yet valid, for someone else, or not signed by a trusted key. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

export interface TokenVerifierOptions {
  /** The issuer the tokens must name (`iss`): the built-in issuer's URL, or the external OIDC provider's. */
  readonly issuer: string;
  /** The audience the tokens must name (`aud`). */
  readonly audience: string;
  /** Where the signing keys come from: a JWKS URL (`jwks_uri`), a key set in hand, or a resolver. */
  readonly keys: { readonly jwksUrl: string } | { readonly jwks: JSONWebKeySet } | JWTVerifyGetKey;
  /** Leeway for exp/nbf against clock skew; 5 s by default, at most 60. */
  readonly clockToleranceSeconds?: number;
  /**
   * The oldest a token may be (from `iat`), whatever its `exp` says; 3600 s by default. It bounds how far back a
   * service must know revocations: a grant revoked earlier than this can only sit in tokens refused anyway.
   */
  readonly maxTokenAgeSeconds?: number;
  /**
   * The `typ` header the issuer sets on its access tokens: `at+jwt` (RFC 9068) by default, as the built-in issuer
   * signs them; an external provider that writes `JWT` is configured so. A token without it is refused, so no
   * other JWT signed with the same key (an ID token, a logout token) passes as an access token.
   */
  readonly tokenType?: string;
}

/**
 * Verifies access tokens: RS256 only (so `alg: none`, HMAC with a public key as secret and every other algorithm
 * are refused before any key is tried), signed by a key of the trusted JWKS, from the configured issuer, for the
 * configured audience, within exp/nbf, typed as access tokens (`typ`), and carrying yuqing's claims. The result is the caller's Principal.
 */
export class TokenVerifier {
  private readonly getKey: JWTVerifyGetKey;

  constructor(private readonly options: TokenVerifierOptions) {
    const keys = options.keys;
    if (typeof keys === 'function') this.getKey = keys;
    else if ('jwksUrl' in keys) {
      const problem = jwksUrlProblem(keys.jwksUrl);
      if (problem) throw new Error(`the JWKS URL ${problem}`);
      this.getKey = createRemoteJWKSet(new URL(keys.jwksUrl), {
        cooldownDuration: 5000,
        timeoutDuration: 3000,
        // A retired signing key leaves the set within a minute (jose would keep it ten by default).
        cacheMaxAge: 60_000,
      });
    } else this.getKey = createLocalJWKSet(keys.jwks);
    if ((options.clockToleranceSeconds ?? 5) > 60)
      throw new Error('clock tolerance above 60 s is not allowed');
  }

  /** How far back a revocation can still matter: the token age limit plus the clock leeway. */
  get revocationHorizonSeconds(): number {
    return (this.options.maxTokenAgeSeconds ?? 3600) + (this.options.clockToleranceSeconds ?? 5);
  }

  async verify(token: string): Promise<Principal> {
    if (!token || token.length > 16384) throw new InvalidTokenError('token is missing or too long');
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.getKey, {
        algorithms: ['RS256'],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceSeconds ?? 5,
        maxTokenAge: this.options.maxTokenAgeSeconds ?? 3600,
        requiredClaims: ['exp', 'iat', 'sub'],
        typ: this.options.tokenType ?? 'at+jwt',
      }));
    } catch (error) {
      throw new InvalidTokenError(describe(error));
    }
    const claims = yuqingClaimsSchema.safeParse(payload);
    if (!claims.success) throw new InvalidTokenError('token lacks valid yuqing claims');
    const { sub, yq_kind, yq_grants, scope, jti, exp } = claims.data;
    return {
      subject: sub,
      kind: yq_kind,
      grants: yq_grants.map((g) => ({ grantId: g.id, role: g.role as Role, orgUnit: g.unit })),
      scopes: scope ? scope.split(' ').filter(Boolean) : [],
      ...(jti ? { tokenId: jti } : {}),
      expiresAt: new Date(exp * 1000),
    };
  }
}

/** A reason safe to show the caller and to log: it never repeats the token or its claims' values. */
function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'token is not valid yet';
    return `token claim ${error.claim} is not accepted`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'token algorithm is not accepted (RS256 only)';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return 'token is not signed by a trusted key';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)
    return 'signing keys are unavailable';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'token is malformed';
  return 'token is not valid';
}
