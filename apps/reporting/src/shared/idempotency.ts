import { createHash } from 'node:crypto';
import { ConflictException } from '@nestjs/common';
import type { Pool } from 'pg';
import { DomainRuleError } from '@yuqing/contracts';
import { idempotencyKeyOf } from '@yuqing/service-kit';

/**
 * Runs `work` once per (scope, Idempotency-Key): a retry with the same key and body gets the first answer again;
 * the same key with another body is refused; a retry while the first is still running is told to wait (409).
 * Without a key, `work` simply runs.
 */
export async function idempotent<T>(
  pool: Pool,
  schema: string,
  scope: string,
  header: string | undefined,
  request: unknown,
  work: () => Promise<T>,
): Promise<T> {
  const key = idempotencyKeyOf(header);
  if (key === undefined) return work();
  const hash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
  const claimed = await pool.query(
    `insert into ${schema}.idempotency_keys (scope, key, request_hash) values ($1, $2, $3) on conflict do nothing`,
    [scope, key, hash],
  );
  if (claimed.rowCount === 0) {
    const { rows } = await pool.query<{ request_hash: string; response: T | null }>(
      `select request_hash, response from ${schema}.idempotency_keys where scope = $1 and key = $2`,
      [scope, key],
    );
    const first = rows[0]!;
    if (first.request_hash !== hash) {
      throw new DomainRuleError(
        'reporting.idempotency-key-reused',
        'this Idempotency-Key was used for another request',
      );
    }
    if (first.response === null)
      throw new ConflictException('the first request with this Idempotency-Key is still running');
    return first.response;
  }
  try {
    const response = await work();
    await pool.query(`update ${schema}.idempotency_keys set response = $3 where scope = $1 and key = $2`, [
      scope,
      key,
      JSON.stringify(response),
    ]);
    return response;
  } catch (error) {
    // A refused or failed request did nothing: the key is free for a corrected retry.
    await pool.query(`delete from ${schema}.idempotency_keys where scope = $1 and key = $2`, [scope, key]);
    throw error;
  }
}
