// Org units are named by a materialized path: the ids of the units from the root down, joined by dots, e.g.
// `cn.yn` 云南省, `cn.yn.km` 昆明市, `cn.yn.km.yl` 宜良县, `cn.yn.km.yl.kyz` 匡远街道. "Is U within S" (S itself or
// one of its descendants) is then a prefix test on the path, with no lookup: every service can decide scope
// from the token and the row alone. A segment is lower-case ASCII letters, digits and inner hyphens (pinyin
// initials by convention); `_` and `%` never occur, so a path is also a safe SQL LIKE prefix.

const SEGMENT = '[a-z][a-z0-9]*(?:-[a-z0-9]+)*';
const PATH = new RegExp(`^${SEGMENT}(?:\\.${SEGMENT})*$`);
const MAX_PATH_LENGTH = 200;

/** A valid org-unit path: segments of `[a-z][a-z0-9-]*`, joined by dots, at most 200 characters. */
export function isOrgUnitPath(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_PATH_LENGTH && PATH.test(value);
}

/** True when `unit` is `scope` itself or one of its descendants. */
export function isWithin(unit: string, scope: string): boolean {
  return unit === scope || unit.startsWith(`${scope}.`);
}

/** The parent's path, or undefined for a root. */
export function parentOf(unit: string): string | undefined {
  const cut = unit.lastIndexOf('.');
  return cut < 0 ? undefined : unit.slice(0, cut);
}

/** The path of a child segment under `parent`. */
export function childOf(parent: string, segment: string): string {
  return `${parent}.${segment}`;
}

/** The unit and all its ancestors, nearest first: `a.b.c` → `a.b.c`, `a.b`, `a`. */
export function ancestorsAndSelf(unit: string): string[] {
  const out: string[] = [];
  for (let current: string | undefined = unit; current !== undefined; current = parentOf(current)) {
    out.push(current);
  }
  return out;
}

/** Drops every scope that lies within another one of the list: `[a, a.b, c]` → `[a, c]`. */
export function outermost(scopes: readonly string[]): string[] {
  const unique = [...new Set(scopes)];
  return unique.filter((s) => !unique.some((other) => other !== s && isWithin(s, other))).sort();
}

/** The kinds of org unit in a deployment's tree (DOMAIN.md "Who uses it"). */
export const ORG_UNIT_KINDS = {
  province: '省',
  city: '市/州',
  county: '县/区',
  town: '乡镇/街道',
  bureau: '局/委/办',
  department: '部门/科室',
  'leading-group': '舆情工作领导小组',
  'leading-group-office': '领导小组办公室',
  'internet-office': '网信办/网管办',
  'supervision-office': '督办室',
  'special-team': '处置专班',
} as const;

export type OrgUnitKind = keyof typeof ORG_UNIT_KINDS;
