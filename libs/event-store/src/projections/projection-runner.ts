import type { Pool, PoolClient } from 'pg';
import type { RecordedEvent } from '@yuqing/contracts';
import type { EventReader, Queryable } from '../read/event-reader';
import { advanceCheckpoint, loadCheckpoint, resetCheckpoint } from '../subscriptions/checkpoints';
import { PollingLoop } from '../subscriptions/polling-loop';
import { START, type Checkpoint } from '../types';
import {
  projectionScope,
  type ProjectionDefinition,
  type ProjectionScope,
  type ProjectionTable,
} from './projection';

export interface ProjectionRunnerOptions {
  readonly pool: Pool;
  readonly schema: string;
  readonly reader: EventReader;
  readonly projections: readonly ProjectionDefinition[];
  /** Events per page of an async projection or of a rebuild. */
  readonly batchSize?: number;
  readonly idleMs?: number;
  readonly onError?: (error: unknown) => void;
}

export interface RebuildReport {
  /** Events read from the log (of every type the rebuilt projections handle). */
  readonly eventsRead: number;
  /** Events applied, per projection. */
  readonly applied: Readonly<Record<string, number>>;
}

export interface ProjectionDifference {
  readonly projection: string;
  readonly table: string;
  /** Rows the rebuild gives that the live table lacks (as compared). */
  readonly missing: unknown[];
  /** Rows of the live table the rebuild does not give. */
  readonly unexpected: unknown[];
}

export interface VerifyReport {
  readonly ok: boolean;
  /** The projections compared. */
  readonly verified: readonly string[];
  /** Queues, with the reason they are not compared. */
  readonly skipped: readonly { projection: string; reason: string }[];
  readonly differences: readonly ProjectionDifference[];
}

/** Thrown for a projection name the service does not declare; lists those it does. */
export class UnknownProjectionError extends Error {
  constructor(
    readonly projection: string,
    readonly known: readonly string[],
  ) {
    super(`unknown projection ${projection}; known: ${known.join(', ')}`);
  }
}

/** The rows compared, as jsonb text (canonical: equal rows give equal text). */
async function comparableRows(
  db: Queryable,
  scope: ProjectionScope,
  table: ProjectionTable,
): Promise<string[]> {
  const operational = Object.keys(table.operational ?? {});
  const { rows } = await db.query<{ row: string }>(
    `select (to_jsonb(r) - $1::text[])::text as row
       from (select ${table.compareColumns ?? '*'} from ${scope.table(table.name)}) r`,
    [operational],
  );
  return rows.map((r) => r.row);
}

/** What `a` has more of than `b`, as a multiset. */
function minus(a: readonly string[], b: readonly string[]): unknown[] {
  const counts = new Map<string, number>();
  for (const row of b) counts.set(row, (counts.get(row) ?? 0) + 1);
  const extra: unknown[] = [];
  for (const row of a) {
    const n = counts.get(row) ?? 0;
    if (n > 0) counts.set(row, n - 1);
    else extra.push(JSON.parse(row));
  }
  return extra;
}

/**
 * The one runner of a service's declared projections: inline ones in the append's transaction (the store's
 * append hook), async ones after commit with compare-and-set checkpoints; rebuilds them in place from the log,
 * and verifies that a rebuild gives the live rows.
 */
export class ProjectionRunner {
  readonly projections: readonly ProjectionDefinition[];
  readonly scope: ProjectionScope;
  private readonly loops: PollingLoop[];

  constructor(private readonly options: ProjectionRunnerOptions) {
    const names = new Set<string>();
    for (const projection of options.projections) {
      if (names.has(projection.name)) throw new Error(`projection ${projection.name} declared twice`);
      names.add(projection.name);
    }
    this.projections = options.projections;
    this.scope = projectionScope(options.schema);
    this.loops = this.asyncProjections().map(
      (projection) =>
        new PollingLoop(() => this.runOnce(projection), {
          idleMs: options.idleMs ?? 200,
          onError: options.onError,
        }),
    );
  }

  /** The event types the inline projections handle: an append of none of them needs no transaction. */
  get inlineEventTypes(): string[] {
    return [...new Set(this.inlineProjections().flatMap((projection) => projection.handles))];
  }

  /** The store's append hook: every inline projection, in declared order, with the events of its types. */
  readonly applyInline = async (events: readonly RecordedEvent[], db: PoolClient): Promise<void> => {
    for (const projection of this.inlineProjections()) {
      const mine = events.filter((event) => projection.handles.includes(event.type));
      if (mine.length > 0) await projection.evolve(mine, db, this.scope);
    }
  };

  /** Starts the async projections' polling. */
  start(): void {
    for (const loop of this.loops) loop.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.loops.map((loop) => loop.stop()));
  }

  /** Applies the next page of the log to one async projection; how many events it read (0: caught up). */
  async runOnce(projection: ProjectionDefinition): Promise<number> {
    const { pool, reader, schema } = this.options;
    const client = await pool.connect();
    try {
      const name = checkpointName(projection);
      const from = await loadCheckpoint(client, schema, name);
      const page = await reader.readAll(client, from, this.options.batchSize ?? 500);
      if (page.events.length === 0) return 0;
      await client.query('begin');
      try {
        const mine = page.events.filter((event) => projection.handles.includes(event.type));
        if (mine.length > 0) await projection.evolve(mine, client, this.scope);
        if (!(await advanceCheckpoint(client, schema, name, from, page.checkpoint))) {
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

  /** Runs the async projections until none has anything left to read. */
  async catchUp(): Promise<number> {
    let total = 0;
    for (const projection of this.asyncProjections()) {
      for (let n = await this.runOnce(projection); n > 0; n = await this.runOnce(projection)) total += n;
    }
    return total;
  }

  /**
   * Rebuilds the named projections (every one but the queues when none is named) in place, from the log, in
   * one transaction that holds their tables: inline writers wait at their projection update and apply on top
   * of the rebuilt rows once it commits. Async projections restart from the beginning of the log.
   */
  async rebuild(names?: readonly string[], options: { pageSize?: number } = {}): Promise<RebuildReport> {
    const selected = this.select(names, 'rebuild');
    return retryDeadlock(() => this.rebuildSelected(selected, options.pageSize));
  }

  private async rebuildSelected(
    selected: readonly ProjectionDefinition[],
    pageSize: number | undefined,
  ): Promise<RebuildReport> {
    const inline = selected.filter((p) => p.mode === 'inline');
    // An async projection's writers commit without its tables' locks, so it is not replayed here: its tables
    // are emptied and its checkpoint reset together, and its own loop replays the log in commit-safe order.
    const async = selected.filter((p) => p.mode === 'async');
    const client = await this.options.pool.connect();
    let report: RebuildReport;
    try {
      await client.query('begin');
      report = await this.rebuildOn(client, inline, pageSize);
      if (async.length > 0) {
        await this.lock(client, async);
        await client.query(`truncate table ${this.tablesOf(async).join(', ')}`);
        for (const projection of async)
          await resetCheckpoint(client, this.options.schema, checkpointName(projection));
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    if (async.length === 0) return report;
    const applied: Record<string, number> = { ...report.applied };
    let eventsRead = report.eventsRead;
    for (const projection of async) {
      applied[projection.name] = 0;
      for (let n = await this.runOnce(projection); n > 0; n = await this.runOnce(projection)) {
        eventsRead += n;
        applied[projection.name] = applied[projection.name]! + n;
      }
    }
    return { eventsRead, applied };
  }

  /**
   * Rebuilds the named projections (all but the queues by default) inside a transaction, compares each table
   * with what it held, and rolls back: the live tables are untouched, and writers only wait meanwhile.
   */
  async verify(names?: readonly string[]): Promise<VerifyReport> {
    const selected = this.select(names, 'verify');
    return retryDeadlock(() => this.verifySelected(selected, names));
  }

  private async verifySelected(
    selected: readonly ProjectionDefinition[],
    names: readonly string[] | undefined,
  ): Promise<VerifyReport> {
    const skipped = (names ? this.projections.filter((p) => names.includes(p.name)) : this.projections)
      .filter((p) => p.queue)
      .map((p) => ({ projection: p.name, reason: p.queue!.reason }));
    const client = await this.options.pool.connect();
    try {
      await client.query('begin');
      await this.lock(client, selected);
      const live = new Map<string, string[]>();
      for (const projection of selected)
        for (const table of projection.tables)
          live.set(`${projection.name}/${table.name}`, await comparableRows(client, this.scope, table));
      await this.rebuildOn(client, selected);
      const differences: ProjectionDifference[] = [];
      for (const projection of selected) {
        for (const table of projection.tables) {
          const rebuilt = await comparableRows(client, this.scope, table);
          const before = live.get(`${projection.name}/${table.name}`)!;
          const missing = minus(rebuilt, before);
          const unexpected = minus(before, rebuilt);
          if (missing.length > 0 || unexpected.length > 0)
            differences.push({ projection: projection.name, table: table.name, missing, unexpected });
        }
      }
      return {
        ok: differences.length === 0,
        verified: selected.map((p) => p.name),
        skipped,
        differences,
      };
    } finally {
      await client.query('rollback').catch(() => undefined);
      client.release();
    }
  }

  /** Every table of a projection, in key order (for tests and for comparing by eye). */
  async snapshot(name: string, db: Queryable = this.options.pool): Promise<Record<string, unknown[]>> {
    const projection = this.byName(name);
    const tables: Record<string, unknown[]> = {};
    for (const table of projection.tables) {
      const { rows } = await db.query(
        `select * from ${this.scope.table(table.name)} order by ${table.key.join(', ')}`,
      );
      tables[table.name] = rows;
    }
    return tables;
  }

  /** The declared projection of that name; an unknown name is an error listing the known ones. */
  byName(name: string): ProjectionDefinition {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection)
      throw new UnknownProjectionError(
        name,
        this.projections.map((p) => p.name),
      );
    return projection;
  }

  private inlineProjections(): ProjectionDefinition[] {
    return this.projections.filter((p) => p.mode === 'inline');
  }

  private asyncProjections(): ProjectionDefinition[] {
    return this.projections.filter((p) => p.mode === 'async');
  }

  private select(names: readonly string[] | undefined, what: string): ProjectionDefinition[] {
    if (!names) return this.projections.filter((p) => !p.queue);
    const selected = names.map((name) => this.byName(name));
    const queue = selected.find((p) => p.queue);
    if (queue && what === 'rebuild')
      throw new Error(`projection ${queue.name} is a queue and is never rebuilt: ${queue.queue!.reason}`);
    return this.projections.filter((p) => selected.includes(p) && !p.queue);
  }

  private tablesOf(selected: readonly ProjectionDefinition[]): string[] {
    return [...new Set(selected.flatMap((p) => p.tables.map((t) => this.scope.table(t.name))))];
  }

  private async lock(client: PoolClient, selected: readonly ProjectionDefinition[]): Promise<void> {
    const tables = this.tablesOf(selected);
    if (tables.length > 0) await client.query(`lock table ${tables.join(', ')} in access exclusive mode`);
  }

  /**
   * Truncates the projections' tables and replays the log into them on `client`, which holds their locks: it
   * reads every committed event of their types (no xmin rule: a writer it cannot see is waiting for its
   * locks), grouped by transaction as the inline runner applies them.
   */
  private async rebuildOn(
    client: PoolClient,
    selected: readonly ProjectionDefinition[],
    pageSize = this.options.batchSize ?? 1000,
  ): Promise<RebuildReport> {
    const applied: Record<string, number> = Object.fromEntries(selected.map((p) => [p.name, 0]));
    if (selected.length === 0) return { eventsRead: 0, applied };
    await this.lock(client, selected);
    await client.query(`truncate table ${this.tablesOf(selected).join(', ')}`);
    const types = [...new Set(selected.flatMap((p) => p.handles))];
    let eventsRead = 0;
    let cursor: Checkpoint = START;
    let group: RecordedEvent[] = [];
    const flush = async (): Promise<void> => {
      for (const projection of selected) {
        const mine = group.filter((event) => projection.handles.includes(event.type));
        if (mine.length === 0) continue;
        await projection.evolve(mine, client, this.scope);
        applied[projection.name] = applied[projection.name]! + mine.length;
      }
      group = [];
    };
    for (;;) {
      const page = await this.options.reader.readTypes(client, types, cursor, pageSize);
      for (const event of page.events) {
        if (group.length > 0 && group[0]!.transactionId !== event.transactionId) await flush();
        group.push(event);
      }
      eventsRead += page.events.length;
      cursor = page.checkpoint;
      if (page.events.length < pageSize) break;
    }
    await flush();
    return { eventsRead, applied };
  }
}

/**
 * Runs `work` again when PostgreSQL broke a deadlock by aborting it: a writer that touched one of the tables
 * before the rebuild locked them all may wait for another the rebuild already holds.
 */
async function retryDeadlock<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code =
        typeof error === 'object' && error !== null ? (error as { code?: string }).code : undefined;
      if (code !== '40P01' || attempt >= attempts) throw error;
    }
  }
}

function checkpointName(projection: ProjectionDefinition): string {
  return `projection:${projection.name}:v${projection.version}`;
}
