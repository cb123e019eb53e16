import { Pool } from 'pg';
import { infraEnv, uniqueName } from './infra';

/** A pool on the test database and a schema of the test file's own, dropped at the end. */
export function testDatabase(
  prefix: string,
  max = 25,
): { pool: Pool; schema: string; drop: () => Promise<void> } {
  const pool = new Pool({ connectionString: infraEnv().DATABASE_URL, max });
  pool.on('error', () => undefined);
  const schema = uniqueName(prefix);
  return {
    pool,
    schema,
    drop: async () => {
      await pool.query(`drop schema if exists ${schema} cascade`);
      await pool.end();
    },
  };
}

/**
 * Runs `sql` as someone with the owner's rights who first switched off the log's append-only triggers (events and,
 * where it exists, log_seals): the rewrite an auditor's verification must then catch. Each statement gets `params`.
 */
export async function rewriteBehindTheLog(
  pool: Pool,
  schema: string,
  statements: readonly string[],
  params: readonly unknown[] = [],
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const tables = ['events', 'log_seals'];
    const present: string[] = [];
    for (const table of tables) {
      const { rows } = await client.query<{ found: string | null }>('select to_regclass($1) as found', [
        `${schema}.${table}`,
      ]);
      if (rows[0]?.found) present.push(table);
    }
    for (const table of present) await client.query(`alter table ${schema}.${table} disable trigger user`);
    for (const statement of statements) await client.query(statement, [...params]);
    for (const table of present) await client.query(`alter table ${schema}.${table} enable trigger user`);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}
