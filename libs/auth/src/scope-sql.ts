import { isOrgUnitPath } from './org-units';

export interface ScopeCondition {
  /** A boolean SQL expression, to AND into the query's where clause. */
  readonly sql: string;
  readonly params: unknown[];
}

export interface ScopeConditionOptions {
  /** The org-unit path column, e.g. `i.org_unit`. */
  readonly column: string;
  /** A text[] column of units the row is explicitly shared upward with (e.g. a report sent to the city). */
  readonly sharedWithColumn?: string;
  /** Number of the first placeholder to use ($n); the condition takes two. Default 1. */
  readonly firstParam?: number;
}

const COLUMN = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

/**
 * The SQL condition that limits a read-model query to `scope` (from `scopeOf(principal, permission)`): rows of
 * a unit in scope or below it, plus rows explicitly shared with a unit in scope. An empty scope matches nothing.
 * Every read-model query goes through this, so "which rows may this caller see" is written once.
 */
export function scopeCondition(scope: readonly string[], options: ScopeConditionOptions): ScopeCondition {
  for (const name of [options.column, options.sharedWithColumn]) {
    if (name !== undefined && !COLUMN.test(name)) throw new Error(`invalid column name: ${name}`);
  }
  for (const unit of scope) if (!isOrgUnitPath(unit)) throw new Error(`invalid org unit in scope: ${unit}`);
  if (scope.length === 0) return { sql: 'false', params: [] };
  const n = options.firstParam ?? 1;
  const units = `$${n}::text[]`;
  const below = `$${n + 1}::text[]`;
  // Paths never contain `_`, `%` or `\`, so `<path>.%` is an exact "descendant of" pattern.
  const own = `(${options.column} = any(${units}) or ${options.column} like any(${below}))`;
  const shared = options.sharedWithColumn
    ? ` or exists (select 1 from unnest(${options.sharedWithColumn}) as shared(unit) where shared.unit = any(${units}) or shared.unit like any(${below}))`
    : '';
  return { sql: `(${own}${shared})`, params: [[...scope], scope.map((unit) => `${unit}.%`)] };
}
