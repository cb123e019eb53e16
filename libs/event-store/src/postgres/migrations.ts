import type { Pool } from 'pg';

/** One schema change. Ids sort in the order they apply; a migration never changes once it has shipped. */
export interface Migration {
  readonly id: string;
  readonly sql: string;
}

/**
 * Applies the migrations not yet applied in `schema`, each in its own transaction, under an advisory lock so
 * that several replicas starting at once apply each migration exactly once.
 */
export async function migrate(
  pool: Pool,
  schema: string,
  migrations: readonly Migration[],
): Promise<string[]> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', [`yuqing.migrate.${schema}`]);
    await client.query(`create schema if not exists ${schema}`);
    await client.query(
      `create table if not exists ${schema}.schema_migrations (id text primary key, applied_at timestamptz not null default now())`,
    );
    const done = new Set(
      (await client.query<{ id: string }>(`select id from ${schema}.schema_migrations`)).rows.map(
        (r) => r.id,
      ),
    );
    const applied: string[] = [];
    for (const migration of [...migrations].sort((a, b) => a.id.localeCompare(b.id))) {
      if (done.has(migration.id)) continue;
      await client.query('begin');
      try {
        await client.query(`set local search_path to ${schema}, public`);
        await client.query(migration.sql);
        await client.query(`insert into ${schema}.schema_migrations (id) values ($1)`, [migration.id]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(
          `migration ${migration.id} in schema ${schema} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      applied.push(migration.id);
    }
    return applied;
  } finally {
    await client
      .query('select pg_advisory_unlock(hashtext($1))', [`yuqing.migrate.${schema}`])
      .catch(() => undefined);
    client.release();
  }
}
