import type { EventData, FindingKind, FindingRecorded, Grade } from '@yuqing/contracts';
import { gradeInForce, instantMs, severityOf, type Fact } from '../facts';
import { quarterOf } from '../period';
import type { DetectionPolicy } from './detection.policy';

/** What a detector finds: a FindingRecorded without its id (the service derives it from kind and subject). */
export type FindingDraft = Omit<EventData<typeof FindingRecorded>, 'findingId'>;

/**
 * One kind of finding: a pure function of one scope's facts (in the order recorded). It reports a finding only
 * when its evidence is complete, and the same finding (kind, subject, evidence) whenever it runs again on more
 * facts, so running it after each fact and once over them all agree (replay.ts).
 */
export interface Detector {
  /** `<kind>@<version>`: cited by every finding it makes. */
  readonly name: string;
  /**
   * The fact types that can complete its evidence: it runs after a received event only when that event recorded
   * one of them in the scope (live and in replay alike), so an incident's thousandth captured item does not make
   * every detector read the whole incident again.
   */
  readonly triggers: readonly string[];
  detect(facts: readonly Fact[], policy: DetectionPolicy): FindingDraft[];
}

/** The evidence entry of a fact. */
export function evidenceOf(fact: Fact): FindingDraft['evidence'][number] {
  return {
    eventId: fact.eventId,
    type: fact.type,
    streamId: fact.streamId,
    streamPosition: fact.streamPosition,
    time: fact.time,
  };
}

export interface DraftInput {
  readonly kind: FindingKind;
  readonly detector: string;
  readonly subject: string;
  readonly responsibleOrgUnitId: string;
  readonly responsiblePersonId?: string | undefined;
  readonly occurredAt: string;
  readonly summary: string;
  readonly evidence: readonly (Fact | undefined)[];
  readonly incidentId?: string | undefined;
  /**
   * The grade the severity follows when it is not the one in force at `occurredAt`: a concealing downgrade is as
   * severe as the grade it hid, not the one it put in force.
   */
  readonly severityGrade?: Grade | undefined;
}

/** A draft with the article, the period of when it happened, and the severity of the grade in force then. */
export function draft(facts: readonly Fact[], input: DraftInput): FindingDraft {
  const occurredAt = new Date(input.occurredAt).toISOString();
  const seen = new Set<string>();
  const evidence = input.evidence
    .filter((fact): fact is Fact => fact !== undefined)
    .filter((fact) => (seen.has(fact.eventId) ? false : (seen.add(fact.eventId), true)))
    .map(evidenceOf);
  return {
    kind: input.kind,
    article: '第二十八条',
    subject: input.subject,
    ...(input.incidentId ? { incidentId: input.incidentId } : {}),
    responsibleOrgUnitId: input.responsibleOrgUnitId,
    ...(input.responsiblePersonId ? { responsiblePersonId: input.responsiblePersonId } : {}),
    severity: severityOf(input.severityGrade ?? gradeInForce(facts, instantMs(occurredAt))?.grade),
    occurredAt,
    period: quarterOf(occurredAt),
    summary: input.summary.slice(0, 2000),
    evidence: evidence.slice(0, 50),
    detector: input.detector,
  };
}

/** `2026-12-07 11:30` in China Standard Time, as summaries speak of deadlines. */
export function cst(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function minutesBetween(fromIso: string, toIso: string): number {
  return Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
}
