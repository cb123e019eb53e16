/**
 * Turns an event's payload from one schema version into the next. Stored events are never rewritten; old
 * versions are brought up to date each time they are read.
 */
export interface Upcaster {
  readonly type: string;
  readonly fromVersion: number;
  upcast(data: unknown): unknown;
}

export class UpcasterChain {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) {
      const key = `${upcaster.type}@${upcaster.fromVersion}`;
      if (this.byKey.has(key)) throw new Error(`two upcasters for ${key}`);
      this.byKey.set(key, upcaster);
    }
  }

  /** Applies every step from `version` on; returns the payload at the newest version known. */
  apply(type: string, version: number, data: unknown): { version: number; data: unknown } {
    let current = { version, data };
    for (;;) {
      const step = this.byKey.get(`${type}@${current.version}`);
      if (!step) return current;
      current = { version: current.version + 1, data: step.upcast(current.data) };
    }
  }
}
