import { STANDARD_CATEGORIES, type Category, type Grade, type ReportKind } from '@yuqing/contracts';
import type { ParsedDigest } from './digest.model';

// Counting, as of the end of the period (what was known when the digest was due): an obligation fulfilled after
// the period ends still counts as open in it.

export type GradeBucket = 'exceptional' | 'level-1' | 'level-2' | 'level-3' | 'ungraded';
export const GRADE_BUCKETS: readonly GradeBucket[] = [
  'exceptional',
  'level-1',
  'level-2',
  'level-3',
  'ungraded',
];

export type ObligationStatus = 'on-time' | 'late' | 'overdue' | 'pending';

export interface DigestSummary {
  /** Incidents first detected within the period, oldest first. */
  readonly newIncidents: ParsedDigest['incidents'];
  /** Incidents listed but detected before the period (carried over, 往期延续). */
  readonly carriedOver: number;
  /** New incidents by grade. */
  readonly byGrade: Readonly<Record<GradeBucket, number>>;
  /** New incidents by category (one incident counts under each of its categories), most first. */
  readonly byCategory: readonly { readonly category: Category | 'uncategorised'; readonly count: number }[];
  readonly obligations: Readonly<Record<ObligationStatus, number>> & { readonly total: number };
  /** Obligations past their deadline and not met by the end of the period (逾期未报), most overdue first. */
  readonly overdue: readonly {
    readonly obligationId: string;
    readonly incidentId: string;
    readonly incidentTitle?: string;
    readonly kind: ReportKind;
    readonly dueAt: Date;
  }[];
}

function bucketOf(grade: Grade | undefined): GradeBucket {
  if (!grade) return 'ungraded';
  return grade.exceptional ? 'exceptional' : grade.level;
}

const STANDARD_ORDER = Object.keys(STANDARD_CATEGORIES);

export function summariseDigest(d: ParsedDigest): DigestSummary {
  const from = d.period.from.getTime();
  const to = d.period.to.getTime();
  const inPeriod = (at: Date): boolean => at.getTime() >= from && at.getTime() < to;

  const newIncidents = d.incidents
    .filter((i) => inPeriod(i.detectedAt))
    .sort((a, b) => a.detectedAt.getTime() - b.detectedAt.getTime());
  const carriedOver = d.incidents.filter((i) => i.detectedAt.getTime() < from).length;

  const byGrade: Record<GradeBucket, number> = {
    exceptional: 0,
    'level-1': 0,
    'level-2': 0,
    'level-3': 0,
    ungraded: 0,
  };
  const categories = new Map<Category | 'uncategorised', number>();
  for (const incident of newIncidents) {
    byGrade[bucketOf(incident.grade)]++;
    const own =
      incident.categories.length > 0 ? [...new Set(incident.categories)] : (['uncategorised'] as const);
    for (const c of own) categories.set(c, (categories.get(c) ?? 0) + 1);
  }
  const rank = (c: string): number =>
    STANDARD_ORDER.includes(c) ? STANDARD_ORDER.indexOf(c) : c === 'uncategorised' ? 1e6 : 1e3;
  const byCategory = [...categories.entries()]
    .map(([category, count]) => ({ category, count }))
    .sort(
      (a, b) =>
        b.count - a.count || rank(a.category) - rank(b.category) || a.category.localeCompare(b.category),
    );

  const counts: Record<ObligationStatus, number> = { 'on-time': 0, late: 0, overdue: 0, pending: 0 };
  const overdue: DigestSummary['overdue'][number][] = [];
  for (const o of d.obligations) {
    // Cancelled within or before the period, or met before it began: not this period's business.
    if (o.cancelledAt && o.cancelledAt.getTime() < to) continue;
    if (o.fulfilledAt && o.fulfilledAt.getTime() < from) continue;
    if (o.dueAt.getTime() >= to && !(o.fulfilledAt && o.fulfilledAt.getTime() < to)) {
      counts.pending++;
      continue;
    }
    if (o.fulfilledAt && o.fulfilledAt.getTime() < to) {
      counts[o.fulfilledAt.getTime() <= o.dueAt.getTime() ? 'on-time' : 'late']++;
    } else {
      counts.overdue++;
      overdue.push({
        obligationId: o.obligationId,
        incidentId: o.incidentId,
        ...(o.incidentTitle ? { incidentTitle: o.incidentTitle } : {}),
        kind: o.kind,
        dueAt: o.dueAt,
      });
    }
  }
  overdue.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const total = counts['on-time'] + counts.late + counts.overdue + counts.pending;
  return { newIncidents, carriedOver, byGrade, byCategory, obligations: { ...counts, total }, overdue };
}
