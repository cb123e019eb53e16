import type { Pool, PoolClient } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { LibraryCase, LibraryCaseHead } from '../read-models/case-library/library-case.entity';
import { lentClientDriver, sharedPoolDriver, type PgDriverModule } from './pg-driver';

/** Every TypeORM entity of the archive (read models only; the event store stays on pg, ADR 0003). */
export const ARCHIVE_ENTITIES = [LibraryCase, LibraryCaseHead];

function dataSourceOn(driver: PgDriverModule, schema: string): DataSource {
  return new DataSource({
    type: 'postgres',
    driver,
    schema,
    entities: ARCHIVE_ENTITIES,
    // Tables come from the service's one migration order (migrations.ts, the platform's `migrate`), never from
    // TypeORM: no synchronize, no TypeORM migrations, no extensions installed behind the migrations' back.
    synchronize: false,
    migrationsRun: false,
    migrations: [],
    installExtensions: false,
    logging: false,
  });
}

/** A DataSource over the service's own pool (PG_POOL): TypeORM opens no pool of its own. Not yet initialized. */
export function archiveDataSource(pool: Pool, schema: string): DataSource {
  return dataSourceOn(sharedPoolDriver(pool), schema);
}

// The initialized DataSource of each schema: the app's (over PG_POOL) once it has started, or one made on the
// first connection a projection is given when the projections run outside the app (the rebuild tool).
const bySchema = new Map<string, Promise<DataSource>>();

/** Makes `dataSource` (initialized) the one projections of `schema` use. */
export function useDataSource(schema: string, dataSource: DataSource): void {
  bySchema.set(schema, Promise.resolve(dataSource));
}

/** After the app's DataSource is destroyed: projections of `schema` start their own again if run. */
export function forgetDataSource(schema: string): void {
  bySchema.delete(schema);
}

function dataSourceFor(client: PoolClient, schema: string): Promise<DataSource> {
  let found = bySchema.get(schema);
  if (!found) {
    const { driver, stopLending } = lentClientDriver(client);
    found = dataSourceOn(driver, schema).initialize().finally(stopLending);
    found.catch(() => bySchema.delete(schema));
    bySchema.set(schema, found);
  }
  return found;
}

/**
 * TypeORM on a connection that is already in a transaction (the projection runner's, the inbox's, a command's):
 * the query runner's connection IS `client`, and it counts as being in a transaction, so `save`/`upsert` add no
 * BEGIN/COMMIT of their own (a nested `manager.transaction` becomes a savepoint). The rows commit or roll back with
 * the events. The caller owns the connection: `release()` returns nothing to the pool.
 */
export async function entityManagerOn(
  client: PoolClient,
  schema: string,
): Promise<{ manager: EntityManager; release(): Promise<void> }> {
  const dataSource = await dataSourceFor(client, schema);
  const runner = dataSource.createQueryRunner('master');
  // PostgresQueryRunner.connect() answers `databaseConnection` when set; without a releaseCallback, release()
  // only marks the runner released. transactionDepth 1: nested transactions are savepoints, never BEGIN/COMMIT.
  Object.assign(runner, { databaseConnection: client, isTransactionActive: true, transactionDepth: 1 });
  return { manager: runner.manager, release: () => runner.release() };
}
