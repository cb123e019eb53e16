import { createHash, randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { Migration } from '@yuqing/event-store';
import { IdempotencyInProgressError } from './errors';

// The one idempotency of every service (ADR 0010, D4): claim first, keyed by (caller, key); the answer is stored
// in the handler's own transaction; a claim whose work crashed is taken over once its lease has run out.

/** The `command_idempotency` table, in every service schema (the id never changes once shipped). */
export function commandMigrations(schema: string): Migration[] {
  return [
    {
      id: '0100-command-idempotency',
      sql: `
create table ${schema}.command_idempotency (
  caller        text        not null,   -- '<kind>:<subject>' of the token, or a handler-declared natural scope
  key           text        not null,   -- the Idempotency-Key, or the natural key
  command_type  text        not null,   -- e.g. 'grading.ConfirmGrade'
  request_hash  bytea       not null,
  status        text        not null check (status in ('running', 'completed')),
  claim_id      uuid        not null,
  claimed_at    timestamptz not null default now(),
  lease_until   timestamptz not null,   -- a running claim past this may be taken over (crash between claim and commit)
  completed_at  timestamptz,
  response      jsonb,
  primary key (caller, key)
);
create index command_idempotency_completed on ${schema}.command_idempotency (completed_at)
  where status = 'completed';
`,
    },
  ];
}

/** A key held by this request until it completes or releases it. */
export interface IdempotencyClaim {
  readonly caller: string;
  readonly key: string;
  readonly claimId: string;
}

export type ClaimOutcome =
  | { readonly kind: 'claimed'; readonly claim: IdempotencyClaim }
  | { readonly kind: 'replay'; readonly response: unknown }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'in-progress' };

export interface IdempotencySettings {
  /** How long a running claim holds its key before a retry may take it over. */
  readonly leaseSeconds: number;
  /** How long a completed answer is kept for retries. */
  readonly retentionHours: number;
}

export const DEFAULT_IDEMPOTENCY: IdempotencySettings = { leaseSeconds: 60, retentionHours: 24 };

/** sha256 of a key-sorted JSON of what makes two requests the same request. */
export function requestHash(request: {
  readonly type: string;
  readonly schemaVersion: number;
  readonly payload: unknown;
  readonly expectedVersion: number | undefined;
}): Buffer {
  return createHash('sha256').update(stableJson(request)).digest();
}

function stableJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}

/** The keys of one service schema. */
export class IdempotencyStore {
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: Pool,
    readonly schema: string,
    readonly settings: IdempotencySettings = DEFAULT_IDEMPOTENCY,
  ) {}

  /** Claims (caller, key) for a request, autocommit: the only statement before the work. */
  async claim(caller: string, key: string, commandType: string, hash: Buffer): Promise<ClaimOutcome> {
    const s = this.schema;
    const claimId = randomUUID();
    const claimed = await this.pool.query(
      `insert into ${s}.command_idempotency (caller, key, command_type, request_hash, status, claim_id, lease_until)
       values ($1, $2, $3, $4, 'running', $5, now() + make_interval(secs => $6))
       on conflict (caller, key) do update
          set claim_id = excluded.claim_id, claimed_at = now(), lease_until = excluded.lease_until
        where ${s}.command_idempotency.status = 'running' and ${s}.command_idempotency.lease_until < now()
          and ${s}.command_idempotency.request_hash = excluded.request_hash
       returning claim_id`,
      [caller, key, commandType, hash, claimId, this.settings.leaseSeconds],
    );
    if (claimed.rowCount === 1) return { kind: 'claimed', claim: { caller, key, claimId } };
    const { rows } = await this.pool.query<{ request_hash: Buffer; status: string; response: unknown }>(
      `select request_hash, status, response from ${s}.command_idempotency where caller = $1 and key = $2`,
      [caller, key],
    );
    const first = rows[0];
    // Released between the two statements: the key is free again.
    if (!first) return this.claim(caller, key, commandType, hash);
    if (!first.request_hash.equals(hash)) return { kind: 'mismatch' };
    if (first.status !== 'completed') return { kind: 'in-progress' };
    return { kind: 'replay', response: first.response };
  }

  /**
   * Stores the answer in the handler's transaction, so the answer and the events commit together. A claim lost
   * to a takeover (its lease ran out) aborts the work: the request that took it over answers.
   */
  async complete(
    client: PoolClient,
    claim: IdempotencyClaim,
    response: unknown,
    context: string,
  ): Promise<void> {
    const updated = await client.query(
      `update ${this.schema}.command_idempotency set status = 'completed', response = $4, completed_at = now()
        where caller = $1 and key = $2 and claim_id = $3`,
      [claim.caller, claim.key, claim.claimId, JSON.stringify(response ?? null)],
    );
    if (updated.rowCount !== 1) throw new IdempotencyInProgressError(context);
  }

  /** Frees the key after a failure (autocommit): a corrected retry may use it. */
  async release(claim: IdempotencyClaim): Promise<void> {
    await this.pool.query(
      `delete from ${this.schema}.command_idempotency
        where caller = $1 and key = $2 and claim_id = $3 and status = 'running'`,
      [claim.caller, claim.key, claim.claimId],
    );
  }

  /** Forgets completed answers older than the retention; the number forgotten. */
  async sweep(): Promise<number> {
    const { rowCount } = await this.pool.query(
      `delete from ${this.schema}.command_idempotency
        where status = 'completed' and completed_at < now() - make_interval(hours => $1)`,
      [this.settings.retentionHours],
    );
    return rowCount ?? 0;
  }

  /** Sweeps every hour until stopped. */
  startSweeping(onError: (error: unknown) => void): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => void this.sweep().catch(onError), 3_600_000);
    this.sweeper.unref();
  }

  stopSweeping(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}
