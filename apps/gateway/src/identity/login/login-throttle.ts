/** Sign-in attempts per client address in a sliding window (in memory, per gateway replica). */
export class LoginThrottle {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly attempts: number,
    private readonly windowMs: number,
  ) {}

  /** Counts an attempt at `now` (ms, from the Clock); false when the address has used up its attempts in the window. */
  allow(address: string, now: number): boolean {
    const recent = (this.hits.get(address) ?? []).filter((at) => at > now - this.windowMs);
    if (recent.length >= this.attempts) {
      this.hits.set(address, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(address, recent);
    if (this.hits.size > 10_000) this.sweep(now);
    return true;
  }

  private sweep(now: number): void {
    for (const [address, times] of this.hits) {
      if (times.every((at) => at <= now - this.windowMs)) this.hits.delete(address);
    }
  }
}
