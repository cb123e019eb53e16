/**
 * Where a service reads the time: handlers, deadlines, pollers and read models ask it, never `new Date()`. The
 * abstract class is also the DI token (`@Inject(Clock)`), provided once by ServiceKitModule; tests pass their own
 * (`AdjustableClock` in @yuqing/testing).
 */
export abstract class Clock {
  abstract now(): Date;
}

/** The system's time. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
