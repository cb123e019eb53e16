import type { Pool, PoolClient } from 'pg';
import type { RecordedEvent } from '@yuqing/contracts';
import type { PostgresEventStore } from '../event-store';
import { advanceCheckpoint, loadCheckpoint } from '../subscriptions/checkpoints';
import { PollingLoop } from '../subscriptions/polling-loop';

/**
 * A read model built from the global log after commit. Each version writes its own tables (named through
 * `table`), so a new version can be rebuilt from zero beside the live one and then switched to.
 */
export interface AsyncProjection {
  readonly name: string;
  readonly version: number;
  /** Creates this version's tables if they do not exist. */
  setup(client: PoolClient, table: (base: string) => string): Promise<void>;
  /** Applies a batch, in the same transaction as the checkpoint move. */
  handle(
    events: readonly RecordedEvent[],
    client: PoolClient,
    table: (base: string) => string,
  ): Promise<void>;
}

/** `<schema>.<base>_v<version>`: the table of one projection version. */
export function projectionTable(
  schema: string,
  projection: Pick<AsyncProjection, 'version'>,
  base: string,
): string {
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(base)) throw new Error(`invalid table name: ${base}`);
  return `${schema}.${base}_v${projection.version}`;
}

export interface ProjectionRunnerOptions {
  readonly store: PostgresEventStore;
  readonly pool: Pool;
  readonly projection: AsyncProjection;
  readonly batchSize?: number;
  readonly idleMs?: number;
  readonly onError?: (error: unknown) => void;
}

/** Keeps one projection version up to date; safe with several instances (compare-and-set checkpoints). */
export class ProjectionRunner {
  private readonly loop: PollingLoop;
  private readonly table: (base: string) => string;
  private ready = false;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.table = (base) => projectionTable(options.store.schema, options.projection, base);
    this.loop = new PollingLoop(() => this.runOnce(), {
      idleMs: options.idleMs ?? 200,
      onError: options.onError,
    });
  }

  get checkpointName(): string {
    return `projection:${this.options.projection.name}:v${this.options.projection.version}`;
  }

  /** Handles the next batch; returns how many events it applied (0 when caught up or beaten to it). */
  async runOnce(): Promise<number> {
    const { store, pool, projection } = this.options;
    const client = await pool.connect();
    try {
      if (!this.ready) {
        await projection.setup(client, this.table);
        this.ready = true;
      }
      const from = await loadCheckpoint(client, store.schema, this.checkpointName);
      const page = await store.readAll(from, this.options.batchSize ?? 500);
      if (page.events.length === 0) return 0;
      await client.query('begin');
      try {
        await projection.handle(page.events, client, this.table);
        if (!(await advanceCheckpoint(client, store.schema, this.checkpointName, from, page.checkpoint))) {
          await client.query('rollback');
          return 0;
        }
        await client.query('commit');
        return page.events.length;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      }
    } finally {
      client.release();
    }
  }

  /** Runs batches until none is left. */
  async catchUp(): Promise<number> {
    let total = 0;
    for (let handled = await this.runOnce(); handled > 0; handled = await this.runOnce()) total += handled;
    return total;
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}

/** Which version of a projection the queries read, or undefined before the first switch. */
export async function activeProjectionVersion(
  pool: Pool,
  schema: string,
  name: string,
): Promise<number | undefined> {
  const { rows } = await pool.query<{ active_version: number }>(
    `select active_version from ${schema}.projection_versions where name = $1`,
    [name],
  );
  return rows[0]?.active_version;
}

/**
 * Points the queries at another version of a projection. Refused unless that version has caught up with the
 * log as far as it can be read now, so a switch never shows a half-built read model.
 */
export async function switchProjection(options: {
  store: PostgresEventStore;
  pool: Pool;
  projection: AsyncProjection;
}): Promise<void> {
  const { store, pool, projection } = options;
  const runner = new ProjectionRunner({ store, pool, projection });
  const checkpoint = await loadCheckpoint(pool, store.schema, runner.checkpointName);
  const remaining = await store.readAll(checkpoint, 1);
  if (remaining.events.length > 0) {
    throw new Error(
      `projection ${projection.name} v${projection.version} has not caught up; run it before switching`,
    );
  }
  await pool.query(
    `insert into ${store.schema}.projection_versions (name, active_version) values ($1, $2)
       on conflict (name) do update set active_version = excluded.active_version, switched_at = now()`,
    [projection.name, projection.version],
  );
}
