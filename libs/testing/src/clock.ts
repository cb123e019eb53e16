/**
 * The system clock moved by an offset a test sets: time runs on as usual, and `advance(30 min)` makes a deadline
 * come round without waiting for it. Pass it as the service's Clock (@yuqing/service-kit; it has that shape, and
 * this library does not import the kit, whose tests import this library).
 */
export class AdjustableClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** From now on `now()` reads `at`, then runs on from there. */
  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }
}
