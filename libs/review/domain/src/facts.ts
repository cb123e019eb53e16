import { gradeSeverity, type FindingSeverity, type Grade } from '@yuqing/contracts';

/**
 * An event of another context as the review recorded it (a received fact): what detectors read. The review keeps
 * each fact in every scope it concerns (an incident, or a transfer, item or proposal when there is no incident),
 * in the order it recorded them; `time` is when the publishing context stored the event.
 */
export interface Fact {
  readonly eventId: string;
  /** `<context>.<Name>`, e.g. `reporting.ReportingObligationFulfilled`. */
  readonly type: string;
  readonly streamId: string;
  readonly streamPosition: number;
  /** ISO 8601. */
  readonly time: string;
  /** The org unit the event was recorded for (its envelope). */
  readonly orgUnit: string;
  /** Who decided, when a person did (the envelope's actor). */
  readonly actorId?: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** The fact's data, typed by the caller: detectors read the contracts' shapes (validated when received). */
export function dataOf<T>(fact: Fact): T {
  return fact.data as T;
}

export function ofType(facts: readonly Fact[], ...types: readonly string[]): Fact[] {
  return facts.filter((fact) => types.includes(fact.type));
}

const ms = (iso: string): number => Date.parse(iso);
export { ms as instantMs };

/** Whether `unit` is `ancestor` or lies under it (org units are dotted paths: cn.yn.km ⊃ cn.yn.km.yl). */
export function within(unit: string, ancestor: string): boolean {
  return unit === ancestor || unit.startsWith(`${ancestor}.`);
}

/** Strictly above: `upper` contains `unit` and is not it. */
export function above(upper: string, unit: string): boolean {
  return unit !== upper && within(unit, upper);
}

const GRADE_EVENTS: Readonly<Record<string, (data: Record<string, unknown>) => Grade | undefined>> = {
  'grading.GradeConfirmed': (d) => d['grade'] as Grade,
  'grading.GradeOverridden': (d) => d['grade'] as Grade,
  'grading.GradeEscalated': (d) => d['to'] as Grade,
  'grading.GradeDowngraded': (d) => d['to'] as Grade,
};

/** The grade in force at `atMs` (定级生效: confirmed, overridden, escalated or downgraded), from the scope's facts. */
export function gradeInForce(facts: readonly Fact[], atMs: number): { grade: Grade; fact: Fact } | undefined {
  let found: { grade: Grade; fact: Fact } | undefined;
  for (const fact of facts) {
    const read = GRADE_EVENTS[fact.type];
    if (!read || ms(fact.time) > atMs) continue;
    const grade = read(fact.data as Record<string, unknown>);
    if (grade) found = { grade, fact };
  }
  return found;
}

/** 严重 for 一级 (and 特别重大), 较重 for 二级, 一般 for 三级 or no grade in force. */
export function severityOf(grade: Grade | undefined): FindingSeverity {
  if (!grade) return 'general';
  const severity = gradeSeverity(grade);
  return severity <= 1 ? 'serious' : severity === 2 ? 'major' : 'general';
}
