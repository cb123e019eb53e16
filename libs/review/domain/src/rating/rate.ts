import type { EventData, FindingKind, FindingSeverity, RatingComputed } from '@yuqing/contracts';
import type { FindingStatus } from '../findings/finding.decider';
import type { RatingScheme } from './scheme';

// A department's rating for a period: the scheme's base less the points of its confirmed findings, a heavier
// finding on the same subject standing instead of a lighter one (a report never made is 漏报, not also 迟报);
// any confirmed finding (第二十八条) makes 优秀 impossible for the department and the persons named (不得评为优秀).

export interface RatedFinding {
  readonly findingId: string;
  readonly kind: FindingKind;
  readonly severity: FindingSeverity;
  readonly subject: string;
  readonly responsibleOrgUnitId: string;
  readonly responsiblePersonId?: string | undefined;
  readonly status: FindingStatus;
}

export type Rating = Omit<EventData<typeof RatingComputed>, 'ratingId' | 'period' | 'orgUnitId'>;

/** Confirmed, and appealed (the ruling stands until an appeal overturns it), count. */
function counts(status: FindingStatus): boolean {
  return status === 'confirmed' || status === 'appealed';
}

/**
 * Kinds that, on one subject, are one act seen twice: an obligation's report late at its deadline (迟报) and never
 * made by the end of the handling (漏报). Other kinds on one subject are different acts (a report can understate one
 * figure and overstate another: 瞒报 and 谎报) and each counts.
 */
const ONE_ACT: ReadonlySet<FindingKind> = new Set(['late-report', 'missed-report']);

export function rate(scheme: RatingScheme, findings: readonly RatedFinding[]): Rating {
  const pointsOf = (f: RatedFinding) => (counts(f.status) ? scheme.points[f.kind][f.severity] : 0);
  // The finding that counts for each act: the one with the most points (ties: the first).
  const standing = new Map<string, RatedFinding>();
  const actOf = (f: RatedFinding) => (ONE_ACT.has(f.kind) ? f.subject : f.findingId);
  for (const f of findings) {
    if (!counts(f.status)) continue;
    const current = standing.get(actOf(f));
    if (!current || pointsOf(f) > pointsOf(current)) standing.set(actOf(f), f);
  }
  const lines = findings.map((f) => {
    const status = counts(f.status)
      ? standing.get(actOf(f)) === f
        ? ('confirmed' as const)
        : ('superseded' as const)
      : f.status === 'dismissed'
        ? ('dismissed' as const)
        : ('pending' as const);
    return {
      findingId: f.findingId,
      kind: f.kind,
      severity: f.severity,
      status,
      points: status === 'confirmed' ? pointsOf(f) : 0,
      bars: counts(f.status),
    };
  });
  const score = scheme.base - lines.reduce((sum, line) => sum + line.points, 0);
  const excellentBarred = lines.some((line) => line.bars);
  const rating =
    score >= scheme.excellentFrom && !excellentBarred
      ? ('excellent' as const)
      : score >= scheme.qualifiedFrom
        ? ('qualified' as const)
        : ('unqualified' as const);
  const barredPersonIds = [
    ...new Set(
      findings.filter((f) => counts(f.status) && f.responsiblePersonId).map((f) => f.responsiblePersonId!),
    ),
  ].sort();
  return { schemeVersion: scheme.version, score, rating, excellentBarred, lines, barredPersonIds };
}

export interface RatingChange {
  readonly orgUnitId: string;
  readonly current: Pick<Rating, 'score' | 'rating' | 'schemeVersion'>;
  readonly draft: Pick<Rating, 'score' | 'rating' | 'schemeVersion'>;
  /** Whether the grade (优秀/合格/不合格) changes, not only the score. */
  readonly ratingChanged: boolean;
}

/**
 * What-if: the departments whose rating a draft scheme would change (score or grade) against the scheme in force,
 * over the same findings and rulings.
 */
export function whatIf(
  inForce: RatingScheme,
  drafted: RatingScheme,
  departments: ReadonlyMap<string, readonly RatedFinding[]>,
): RatingChange[] {
  const changes: RatingChange[] = [];
  for (const [orgUnitId, findings] of [...departments].sort(([a], [b]) => a.localeCompare(b))) {
    const current = rate(inForce, findings);
    const draft = rate(drafted, findings);
    if (current.score === draft.score && current.rating === draft.rating) continue;
    const pick = (r: Rating) => ({ score: r.score, rating: r.rating, schemeVersion: r.schemeVersion });
    changes.push({
      orgUnitId,
      current: pick(current),
      draft: pick(draft),
      ratingChanged: current.rating !== draft.rating,
    });
  }
  return changes;
}
