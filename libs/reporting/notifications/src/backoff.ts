// Retry policy: exponential backoff with jitter, bounded by a cap and a number of attempts. Jitter spreads
// the retries of many notifications that failed together (a receiver that went down) so they do not all
// come back in the same second.

export interface RetryPolicy {
  /** Attempts in all, the first included; after the last, a transient failure is final. */
  readonly maxAttempts: number;
  /** Delay before the second attempt, before jitter. */
  readonly baseDelayMs: number;
  /** No delay exceeds this, Retry-After included. */
  readonly maxDelayMs: number;
  /**
   * Share of each delay that is random: 0 = none (exact schedule), 0.5 = "equal jitter" (between half and
   * all of the exponential delay, the default), 1 = "full jitter" (anything up to it).
   */
  readonly jitter?: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  jitter: 0.5,
};

/**
 * The delay after failed attempt `attempt` (1-based) before the next: min(cap, base·2^(attempt−1)), less a
 * random share of up to `jitter` of it; never below what the receiver asked for (Retry-After, capped).
 * `random` is injectable (0 ≤ r < 1) so a schedule can be tested exactly.
 */
export function backoffDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jitter = Math.min(1, Math.max(0, policy.jitter ?? 0.5));
  const delay = Math.round(exponential * (1 - jitter * random()));
  const asked = retryAfterMs === undefined ? 0 : Math.min(policy.maxDelayMs, Math.max(0, retryAfterMs));
  return Math.max(delay, asked);
}
