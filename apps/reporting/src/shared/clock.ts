/** Where the service reads the time: deadlines, countdowns and the watcher all ask it, never `new Date()`. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * The system clock moved by an offset a test sets: time runs on as usual, and `advance(30 min)` makes a deadline
 * come round without waiting for it. The platform harness starts the service with one (offset 0 until moved).
 */
export class AdjustableClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
