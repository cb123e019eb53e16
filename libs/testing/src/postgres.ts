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
