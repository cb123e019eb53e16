import type { JWK } from 'jose';

/**
 * A signing key's life: `active` signs (one at a time); after a rotation the old key is `retiring`: it signs no
 * more but still verifies, and is served in the JWKS, until every token it signed has expired; then `retired`.
 */
export type KeyState = 'active' | 'retiring' | 'retired';

export interface KeyRecord {
  readonly kid: string;
  readonly publicJwk: JWK;
  readonly state: KeyState;
  readonly activatedAt: Date;
  /** When it stopped signing (the rotation). */
  readonly retiringAt: Date | null;
  /** From when it no longer verifies. */
  readonly retireAt: Date | null;
}

/** How often a gateway replica reloads the keys, so a rotation made elsewhere reaches its signer. */
export const KEY_REFRESH_SECONDS = 30;

/**
 * Added to the token lifetime before an old key retires: a replica may sign with it until its next reload
 * (KEY_REFRESH_SECONDS), and clocks differ a little between replicas and services (the verifiers allow 5 s).
 */
export const RETIREMENT_GRACE_SECONDS = KEY_REFRESH_SECONDS + 60;

/** When a key that stops signing at `rotatedAt` stops verifying: after the last token it can have signed expires. */
export function retirementTime(rotatedAt: Date, tokenTtlSeconds: number): Date {
  return new Date(rotatedAt.getTime() + (tokenTtlSeconds + RETIREMENT_GRACE_SECONDS) * 1000);
}

/** The state at `now`: a retiring key past its retirement time is retired, whether or not the row says so yet. */
export function stateAt(key: KeyRecord, now: Date): KeyState {
  if (key.state === 'retiring' && key.retireAt && key.retireAt.getTime() <= now.getTime()) return 'retired';
  return key.state;
}

/** The keys whose tokens verify at `now` (and that JWKS serves): the active one and those still retiring. */
export function verifyingKeys(keys: readonly KeyRecord[], now: Date): KeyRecord[] {
  return keys.filter((key) => stateAt(key, now) !== 'retired');
}

/** The key that signs: the active one (the store keeps at most one). */
export function signingKeyOf(keys: readonly KeyRecord[]): KeyRecord | undefined {
  return keys.find((key) => key.state === 'active');
}
