import type { Pool, PoolClient } from 'pg';

// TypeORM's postgres driver takes the `pg` module as its `driver` option and calls `new driver.Pool(options)`,
// `pool.on('error', …)`, `pool.connect(callback)` and, when a DataSource is destroyed, `pool.end(callback)`. These
// stand-ins give it connections it does not own, so the service keeps ONE pool (ADR 0013).

type Release = (error?: Error | boolean) => void;
type ConnectCallback = (error: Error | undefined, client: PoolClient | undefined, release: Release) => void;

/** The part of pg's Pool TypeORM calls. */
export interface DriverPool {
  connect(callback: ConnectCallback): void;
  on(event: 'error', listener: (error: Error) => void): DriverPool;
  end(callback?: (error?: Error) => void): void;
}

export interface PgDriverModule {
  readonly Pool: new (options: unknown) => DriverPool;
}

/** A constructor that returns an object yields that object: `new driver.Pool(options)` is `pool`. */
function moduleOf(pool: DriverPool): PgDriverModule {
  const constructor = function DriverPoolConstructor(): DriverPool {
    return pool;
  };
  return { Pool: constructor as unknown as new (options: unknown) => DriverPool };
}

/**
 * The service's own pool (PG_POOL). `end` does nothing: the service ends its pool at shutdown, and destroying a
 * DataSource must not close it under the event store and the consumers.
 */
export function sharedPoolDriver(pool: Pool): PgDriverModule {
  const driverPool: DriverPool = {
    connect(callback) {
      pool.connect((error, client, release) => callback(error, client, release));
    },
    // The service handles its pool's errors already (ServiceKitModule logs idle clients' failures).
    on() {
      return driverPool;
    },
    end(callback) {
      callback?.();
    },
  };
  return moduleOf(driverPool);
}

/**
 * One connection lent for TypeORM's start (it asks the server's version, database and search path), then
 * refused once `stopLending()` is called: a DataSource made this way runs only on connections handed to it
 * (`entityManagerOn`), never takes one itself. For projections run outside the Nest app
 * (`npm run projections:rebuild`), on the rebuild's own transaction.
 */
export function lentClientDriver(client: PoolClient): { driver: PgDriverModule; stopLending(): void } {
  let lending = true;
  const driverPool: DriverPool = {
    connect(callback) {
      if (lending) callback(undefined, client, () => undefined);
      else
        callback(
          new Error('this DataSource runs only on a connection it is given'),
          undefined,
          () => undefined,
        );
    },
    on() {
      return driverPool;
    },
    end(callback) {
      lending = false;
      callback?.();
    },
  };
  return { driver: moduleOf(driverPool), stopLending: () => (lending = false) };
}
