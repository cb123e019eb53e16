import type { KeyEncryptionKey } from './keys/key-encryption';

/** What the identity module needs to know; from the gateway's configuration. */
export interface IdentityOptions {
  /** Schema of the identity event store and read models (`identity`). */
  readonly schema: string;
  readonly issuer: string;
  readonly audience: string;
  readonly tokenTtlSeconds: number;
  /** The key the signing keys' private halves are encrypted under (keys/key-encryption.ts); never in the database. */
  readonly keyEncryptionKey: KeyEncryptionKey;
  /** When set, tokens come from an external OIDC provider and the built-in logins are closed. */
  readonly externalJwksUrl?: string;
  /** Argon2id cost; tests may lower the memory to keep fast, never below OWASP's minimum in production. */
  readonly argon2?: { readonly memoryCost: number; readonly timeCost: number };
  /** Reverse proxies whose X-Forwarded-For names the client (sign-in throttling counts the client's address). */
  readonly trustedProxies?: readonly string[];
  /** How failed sign-ins slow down further attempts (login/login-throttle.ts has the defaults). */
  readonly loginThrottle?: LoginThrottleOptions;
  /** How long a console session lasts (session/session.store.ts has the defaults). */
  readonly session?: { readonly idleMinutes?: number; readonly maxHours?: number };
}

/** Failures counted in a window (ms); past each count's free failures, attempts wait a doubling delay. */
export interface LoginThrottleOptions {
  /** Failures from one address (any name) before its attempts are slowed. */
  readonly attempts?: number;
  /** A count whose last failure is older than this starts again. */
  readonly windowMs?: number;
  /** Failures of one name (any address) before its attempts are slowed (by at most a minute each). */
  readonly perAccount?: number;
  /** Failures of one name from one address before those attempts are slowed. */
  readonly perAccountAndAddress?: number;
  /** The first delay, doubled with each further failure, up to `maxDelayMs`. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
}

export const IDENTITY_OPTIONS = Symbol('IDENTITY_OPTIONS');
