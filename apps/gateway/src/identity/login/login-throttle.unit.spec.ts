import { delayAfter } from './login-throttle';

describe('the sign-in delay after failures', () => {
  it('lets the first failures through, then doubles the wait with each further failure, up to the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 20].map((failures) => delayAfter(failures, 5, 1_000, 10_000));
    expect(delays).toEqual([0, 0, 0, 0, 1_000, 2_000, 4_000, 10_000]);
  });

  it('never locks: however many failures, the wait is at most the cap', () => {
    expect(delayAfter(1_000_000, 5, 1_000, 60_000)).toBe(60_000);
  });
});
