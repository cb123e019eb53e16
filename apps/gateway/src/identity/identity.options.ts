/** What the identity module needs to know; from the gateway's configuration. */
export interface IdentityOptions {
  /** Schema of the identity event store and read models (`identity`). */
  readonly schema: string;
  readonly issuer: string;
  readonly audience: string;
  readonly tokenTtlSeconds: number;
  /** When set, tokens come from an external OIDC provider and the built-in logins are closed. */
  readonly externalJwksUrl?: string;
  /** Argon2id cost; tests may lower the memory to keep fast, never below OWASP's minimum in production. */
  readonly argon2?: { readonly memoryCost: number; readonly timeCost: number };
  /** Sign-in attempts per client address per window before 429. */
  readonly loginThrottle?: { readonly attempts: number; readonly windowMs: number };
}

export const IDENTITY_OPTIONS = Symbol('IDENTITY_OPTIONS');
