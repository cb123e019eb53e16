import { LoginThrottle } from './login-throttle';

describe('the sign-in throttle per address', () => {
  it('refuses attempts beyond the limit within the window and allows them again after it', () => {
    const throttle = new LoginThrottle(3, 60_000);
    const t0 = 1_000_000;
    expect([1, 2, 3].map((i) => throttle.allow('10.0.0.1', t0 + i))).toEqual([true, true, true]);
    expect(throttle.allow('10.0.0.1', t0 + 10)).toBe(false);
    expect(throttle.allow('10.0.0.2', t0 + 10)).toBe(true);
    expect(throttle.allow('10.0.0.1', t0 + 60_010)).toBe(true);
  });
});
