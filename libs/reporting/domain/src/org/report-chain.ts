import type { OrgTreeShape } from '../policy/reporting-policy';

// Reports climb the org tree (镇 → 县网信办 → 市, 篇一 二(二)). Org units are dotted paths (cn.yn.km.yl.kyz), so
// the levels above a unit are its path's prefixes: no directory lookup. A report addressed to a level's own office
// (its 网信办 `…yl.wxb`, its 督办室) has reached that level.

const segmentsOf = (unit: string): string[] => unit.split('.');

/** The unit's ancestor at `depth` (1 = the root); the unit itself when it is no deeper than that. */
export function ancestorAtDepth(unit: string, depth: number): string {
  const segments = segmentsOf(unit);
  return segments.length <= depth ? unit : segments.slice(0, depth).join('.');
}

/** The city (市/州) the unit belongs to: where flash reports, bulletins and 回告 go. */
export function cityOf(unit: string, tree: OrgTreeShape): string {
  return ancestorAtDepth(unit, tree.cityDepth);
}

/** The province (省) the unit belongs to. */
export function provinceOf(unit: string, tree: OrgTreeShape): string {
  return ancestorAtDepth(unit, tree.provinceDepth);
}

/** A city's supervision office (督办室) for a board addressee: 市委督办室 or 市政府督办室. */
export function supervisionOfficeOf(
  city: string,
  route: 'party-committee-supervision-office' | 'government-supervision-office',
  tree: OrgTreeShape,
): string {
  return `${city}.${route === 'party-committee-supervision-office' ? tree.partyCommitteeSupervisionOffice : tree.governmentSupervisionOffice}`;
}

/**
 * The levels a report from `origin` climbs to reach `top`, lowest first, `origin` included:
 * `cn.yn.km.yl.kyz` → `cn.yn.km` gives [kyz, yl, km]. Empty when `top` is not above (or at) `origin`.
 */
export function chainBetween(origin: string, top: string): string[] {
  if (origin !== top && !origin.startsWith(`${top}.`)) return [];
  const segments = segmentsOf(origin);
  const depth = segmentsOf(top).length;
  const chain: string[] = [];
  for (let d = segments.length; d >= depth; d--) chain.push(segments.slice(0, d).join('.'));
  return chain;
}

/**
 * Which level of `chain` a unit stands for: the level itself or one of its offices (`…yl.wxb`). -1 when it is
 * neither (a sibling county, a department of another unit).
 */
export function levelIn(chain: readonly string[], unit: string, tree: OrgTreeShape): number {
  const offices = new Set(tree.officeSegments);
  for (let i = 0; i < chain.length; i++) {
    const level = chain[i]!;
    if (unit === level) return i;
    if (unit.startsWith(`${level}.`)) {
      const rest = segmentsOf(unit.slice(level.length + 1));
      // A unit below a level stands for it only through that level's offices; otherwise it belongs lower down.
      if (rest.every((s) => offices.has(s))) return i;
    }
  }
  return -1;
}
