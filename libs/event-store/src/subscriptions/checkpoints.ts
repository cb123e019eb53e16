import type { Pool, PoolClient } from 'pg';
import { START, type Checkpoint } from '../types';

/** Where a named reader of the global log has got to; created at the start on first use. */
export async function loadCheckpoint(
  db: Pool | PoolClient,
  schema: string,
  name: string,
): Promise<Checkpoint> {
  // Read first: a poller asks every few hundred milliseconds, and a read writes nothing.
  const read = () =>
    db.query<{ transaction_id: string; global_position: string }>(
      `select transaction_id::text, global_position::text from ${schema}.checkpoints where name = $1`,
      [name],
    );
  let { rows } = await read();
  if (!rows[0]) {
    await db.query(`insert into ${schema}.checkpoints (name) values ($1) on conflict (name) do nothing`, [
      name,
    ]);
    ({ rows } = await read());
  }
  return { transactionId: rows[0]!.transaction_id, globalPosition: rows[0]!.global_position };
}

/**
 * Moves a checkpoint from `from` to `to` only if it is still at `from` (compare-and-set). False means another
 * instance moved it first: the caller must roll back what it did for this batch.
 */
export async function advanceCheckpoint(
  db: Pool | PoolClient,
  schema: string,
  name: string,
  from: Checkpoint,
  to: Checkpoint,
): Promise<boolean> {
  const result = await db.query(
    `update ${schema}.checkpoints set transaction_id = $4::xid8, global_position = $5, updated_at = now()
      where name = $1 and transaction_id = $2::xid8 and global_position = $3`,
    [name, from.transactionId, from.globalPosition, to.transactionId, to.globalPosition],
  );
  return result.rowCount === 1;
}

export async function resetCheckpoint(db: Pool | PoolClient, schema: string, name: string): Promise<void> {
  await db.query(
    `update ${schema}.checkpoints set transaction_id = $2::xid8, global_position = $3 where name = $1`,
    [name, START.transactionId, START.globalPosition],
  );
}
