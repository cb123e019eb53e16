/**
 * Runs `step` until stopped: again at once while it finds work, after `idleMs` when it finds none, after a
 * growing delay when it fails. Used by async projections and the outbox relay.
 */
export class PollingLoop {
  private running = false;
  private done: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;

  constructor(
    private readonly step: () => Promise<number>,
    private readonly options: { idleMs: number; maxBackoffMs?: number; onError?: (error: unknown) => void },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.loop();
  }

  /** Finishes the step in progress, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.done;
  }

  /** Ends the idle wait early, e.g. right after a commit. */
  nudge(): void {
    this.wake?.();
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let delay = 0;
      try {
        const handled = await this.step();
        failures = 0;
        if (handled === 0) delay = this.options.idleMs;
      } catch (error) {
        failures++;
        this.options.onError?.(error);
        delay = Math.min(this.options.maxBackoffMs ?? 10000, this.options.idleMs * 2 ** failures);
      }
      if (delay > 0 && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }
}
