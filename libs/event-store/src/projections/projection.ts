import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@yuqing/contracts';

export interface ProjectionTable {
  /** Unqualified, e.g. 'incidents'. */
  readonly name: string;
  /** Columns giving the rows' order, for snapshots and comparisons. */
  readonly key: readonly string[];
  /** Columns not derived from events, with the reason, e.g. { etag: 'written by the feed poller' }. */
  readonly operational?: Readonly<Record<string, string>>;
  /**
   * An SQL select list to compare instead of every column, where a derived column is legitimately reset by a
   * rebuild (a moot deadline's fired_at, ADR 0007).
   */
  readonly compareColumns?: string;
}

export interface ProjectionScope {
  readonly schema: string;
  /** `<schema>.<name>`. */
  table(name: string): string;
}

export interface ProjectionDefinition {
  /** '<context>.<read-model>', e.g. 'grading.incidents'. */
  readonly name: string;
  readonly version: number;
  /** Inline: in the append's transaction. Async: after commit, from the global log, with a checkpoint. */
  readonly mode: 'inline' | 'async';
  /** The event types it applies. */
  readonly handles: readonly string[];
  readonly tables: readonly ProjectionTable[];
  /**
   * A work queue, not a read model: never rebuilt, left out of verify, for the reason given (a rebuild would
   * do the work twice).
   */
  readonly queue?: { readonly reason: string };
  /**
   * Applies the events of one commit (inline) or one page (async), in commit order, filtered to `handles`.
   * Must give the same rows for any grouping that keeps commit order (a rebuild groups by transaction).
   */
  evolve(events: readonly RecordedEvent[], db: PoolClient, scope: ProjectionScope): Promise<void>;
}

export type ProjectionSpec = Omit<ProjectionDefinition, 'version' | 'mode'> &
  Partial<Pick<ProjectionDefinition, 'version' | 'mode'>>;

const NAME = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;
const TABLE = /^[a-z_][a-z0-9_]{0,62}$/;

/** A projection with its defaults (version 1, inline), checked once at declaration. */
export function defineProjection(spec: ProjectionSpec): ProjectionDefinition {
  if (!NAME.test(spec.name))
    throw new Error(`projection name must be '<context>.<read-model>': ${spec.name}`);
  if (spec.handles.length === 0) throw new Error(`projection ${spec.name} handles no event type`);
  if (spec.tables.length === 0) throw new Error(`projection ${spec.name} declares no table`);
  for (const table of spec.tables) {
    if (!TABLE.test(table.name)) throw new Error(`projection ${spec.name}: invalid table name ${table.name}`);
    if (table.key.length === 0) throw new Error(`projection ${spec.name}: table ${table.name} has no key`);
  }
  return { version: 1, mode: 'inline', ...spec };
}

export function projectionScope(schema: string): ProjectionScope {
  return { schema, table: (name) => `${schema}.${name}` };
}
