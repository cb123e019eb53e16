import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@yuqing/service-kit';
import { IDENTITY_OPTIONS, type IdentityOptions, type LoginThrottleOptions } from '../identity.options';

// Failed sign-ins slow the guesser down; they never lock an account (its owner could not get in) and are never
// events (ADR 0004: refusals come at an attacker's pace, and the hash-chained log and public topics must not be
// floodable). Failures are counted in PostgreSQL, so every gateway replica sees the same counts, under three keys:
// - the name and the address together: strict, so one address guessing one account is slowed quickly, while the
//   owner signing in from elsewhere is not;
// - the name alone (every address): looser, and its delay capped at a minute, against a guesser spread over many
//   addresses, without ever keeping the owner out for long;
// - the address alone (every name): against one address trying many names.
// A name is counted whether or not it exists, so the answers never tell which names exist.

/** The kinds of counter: what a failure is counted against. */
export type ThrottleKind = 'account-address' | 'account' | 'address';

export const THROTTLE_DEFAULTS = {
  attempts: 30,
  // Longer than the longest delay: a patient guesser's count never starts again while it goes on guessing.
  windowMs: 60 * 60_000,
  perAccount: 20,
  perAccountAndAddress: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
} as const;

/** The name-wide delay never exceeds this: a guesser elsewhere slows the owner down by at most a minute. */
const ACCOUNT_MAX_DELAY_MS = 60_000;

/**
 * How long the next attempt must wait after `failures` failures in the window: nothing for the first `free - 1`,
 * then a delay doubling from `baseDelayMs` with each further failure, capped at `maxDelayMs`. Pure.
 */
export function delayAfter(failures: number, free: number, baseDelayMs: number, maxDelayMs: number): number {
  if (failures < free) return 0;
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(failures - free, 40));
}

/** Who is signing in: the name as typed (a user name, or `client:<id>`) and the client's address. */
export interface SignInAttempt {
  readonly name: string;
  readonly address: string;
}

/** A refused attempt for the audit table: not an event. */
export type AttemptOutcome = 'wrong-credentials' | 'throttled';

interface Counter {
  readonly kind: ThrottleKind;
  /** sha256 of what is counted: a name typed in the wrong field (a password) is never stored in clear. */
  readonly key: string;
  readonly free: number;
  readonly maxDelayMs: number;
}

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

@Injectable()
export class LoginThrottle {
  private readonly s: string;
  private readonly o: Required<LoginThrottleOptions>;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(IDENTITY_OPTIONS) options: IdentityOptions,
  ) {
    this.s = options.schema;
    this.o = { ...THROTTLE_DEFAULTS, ...options.loginThrottle };
  }

  private counters(attempt: SignInAttempt): Counter[] {
    const { name, address } = attempt;
    return [
      {
        kind: 'account-address',
        key: digest('account-address', name, address),
        free: this.o.perAccountAndAddress,
        maxDelayMs: this.o.maxDelayMs,
      },
      {
        kind: 'account',
        key: digest('account', name),
        free: this.o.perAccount,
        maxDelayMs: Math.min(this.o.maxDelayMs, ACCOUNT_MAX_DELAY_MS),
      },
      {
        kind: 'address',
        key: digest('address', address),
        free: this.o.attempts,
        maxDelayMs: this.o.maxDelayMs,
      },
    ];
  }

  /** Milliseconds the attempt must still wait (0: it may go ahead). */
  async waitMs(attempt: SignInAttempt, now: Date): Promise<number> {
    const { rows } = await this.pool.query<{ not_before: Date }>(
      `select max(not_before) as not_before from ${this.s}.login_throttle where key = any($1) and not_before > $2`,
      [this.counters(attempt).map((c) => c.key), now],
    );
    const notBefore = rows[0]?.not_before;
    return notBefore ? notBefore.getTime() - now.getTime() : 0;
  }

  /** Counts a failure under every key; a failure older than the window starts the count again. */
  async failed(attempt: SignInAttempt, now: Date): Promise<void> {
    for (const counter of this.counters(attempt)) {
      const { rows } = await this.pool.query<{ failures: number }>(
        `insert into ${this.s}.login_throttle as t (key, kind, failures, last_failure_at, not_before)
         values ($1, $2, 1, $3, $3)
         on conflict (key) do update set
           failures = case when t.last_failure_at < $3::timestamptz - make_interval(secs => $4) then 1
                           else t.failures + 1 end,
           last_failure_at = $3
         returning failures`,
        [counter.key, counter.kind, now, this.o.windowMs / 1000],
      );
      const delay = delayAfter(rows[0]!.failures, counter.free, this.o.baseDelayMs, counter.maxDelayMs);
      if (delay > 0) {
        await this.pool.query(`update ${this.s}.login_throttle set not_before = $2 where key = $1`, [
          counter.key,
          new Date(now.getTime() + delay),
        ]);
      }
    }
    // Now and then, forget counters that have long stopped mattering.
    if (Math.random() < 0.01) {
      await this.pool.query(
        `delete from ${this.s}.login_throttle where last_failure_at < $1 and not_before < $1`,
        [new Date(now.getTime() - this.o.windowMs)],
      );
    }
  }

  /** The right password from this address: its name-and-address count starts again. */
  async succeeded(attempt: SignInAttempt): Promise<void> {
    await this.pool.query(`delete from ${this.s}.login_throttle where key = $1`, [
      digest('account-address', attempt.name, attempt.address),
    ]);
  }

  /** A refused attempt in the audit table (who, when, from where; never what was typed as the password). */
  async audit(
    kind: 'user' | 'client',
    subjectId: string | undefined,
    address: string,
    outcome: AttemptOutcome,
    now: Date,
  ): Promise<void> {
    await this.pool.query(
      `insert into ${this.s}.login_attempts (at, kind, subject_id, address, outcome) values ($1, $2, $3, $4, $5)`,
      [now, kind, subjectId ?? null, address.slice(0, 100), outcome],
    );
  }
}
