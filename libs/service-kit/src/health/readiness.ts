import type { Admin, Kafka } from 'kafkajs';
import type { Pool } from 'pg';

/** One dependency a service needs before it can take traffic. `check` throws with a reason when it is not there. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
  /** Releases what the check holds open (a Kafka admin connection), at shutdown. */
  close?(): Promise<void>;
}

export interface ReadinessReport {
  readonly status: 'ready' | 'not-ready';
  readonly checks: Record<string, { status: 'up' | 'down'; reason?: string }>;
}

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Holds the service's checks; other modules add theirs (e.g. "projections caught up") at init. */
export class ReadinessRegistry {
  private readonly checks: ReadinessCheck[] = [];

  add(check: ReadinessCheck): void {
    this.checks.push(check);
  }

  async close(): Promise<void> {
    await Promise.all(this.checks.map((check) => check.close?.()));
  }

  async report(): Promise<ReadinessReport> {
    const results = await Promise.all(
      this.checks.map(async (check) => {
        try {
          await withTimeout(check.check(), CHECK_TIMEOUT_MS, check.name);
          return [check.name, { status: 'up' as const }] as const;
        } catch (error) {
          return [
            check.name,
            { status: 'down' as const, reason: error instanceof Error ? error.message : String(error) },
          ] as const;
        }
      }),
    );
    const checks = Object.fromEntries(results);
    return { status: results.every(([, result]) => result.status === 'up') ? 'ready' : 'not-ready', checks };
  }
}

export function postgresCheck(pool: Pool): ReadinessCheck {
  return {
    name: 'postgres',
    async check() {
      await pool.query('select 1');
    },
  };
}

/** Kafka answers and every topic the service produces to or consumes from exists. */
export function kafkaCheck(kafka: Kafka, requiredTopics: () => readonly string[]): ReadinessCheck {
  let admin: Admin | undefined;
  return {
    name: 'kafka',
    async check() {
      if (!admin) {
        const fresh = kafka.admin();
        await fresh.connect();
        admin = fresh;
      }
      const existing = new Set(await admin.listTopics());
      const missing = requiredTopics().filter((topic) => !existing.has(topic));
      if (missing.length > 0) throw new Error(`missing topics: ${missing.join(', ')}`);
    },
    async close() {
      await admin?.disconnect();
      admin = undefined;
    },
  };
}
