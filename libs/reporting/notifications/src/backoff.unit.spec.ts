import { backoffDelayMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff';

const exact: RetryPolicy = { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 10_000, jitter: 0 };

describe('backoff', () => {
  it('doubles from the base delay after each failed attempt, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(attempt, exact))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('with equal jitter waits between half and all of the exponential delay', () => {
    const policy = { ...exact, jitter: 0.5 };
    expect(backoffDelayMs(3, policy, () => 0)).toBe(4000);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(3000);
    expect(backoffDelayMs(3, policy, () => 0.999_999)).toBe(2000);
  });

  it('with full jitter may retry at once', () => {
    expect(backoffDelayMs(3, { ...exact, jitter: 1 }, () => 0.999_999)).toBe(0);
  });

  it('waits at least as long as the receiver asked (Retry-After), but never beyond the cap', () => {
    expect(backoffDelayMs(1, exact, () => 0, 5000)).toBe(5000);
    expect(backoffDelayMs(1, exact, () => 0, 3_600_000)).toBe(10_000);
    expect(backoffDelayMs(4, exact, () => 0, 10)).toBe(8000);
  });

  it('defaults to six attempts from 30 s, doubling, capped at 15 minutes', () => {
    expect(DEFAULT_RETRY_POLICY).toMatchObject({ maxAttempts: 6, baseDelayMs: 30_000, maxDelayMs: 900_000 });
    const schedule = [1, 2, 3, 4, 5].map((attempt) =>
      backoffDelayMs(attempt, { ...DEFAULT_RETRY_POLICY, jitter: 0 }),
    );
    expect(schedule).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
  });
});
