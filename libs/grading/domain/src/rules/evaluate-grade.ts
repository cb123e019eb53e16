import {
  GRADING_CRITERIA,
  REACH_TIERS,
  gradeSeverity,
  type Category,
  type Grade,
  type GradeLevel,
  type GradingCriterion,
  type Platform,
  type ReachTier,
  type ReportKind,
} from '@yuqing/contracts';
import { EXCEPTIONAL, gradeName, gradeOf } from '../grades';
import type { GradingRuleSet, HeatRule, SourceRule } from './rule-set';

/** What a decision rests on: an opinion item (by item id) or an earlier event (by event id). */
export interface EvidenceRef {
  readonly kind: 'item' | 'event';
  readonly id: string;
}

/** An item of the incident as grading sees it: where it appeared and how it reads. */
export interface ItemFact {
  readonly itemId: string;
  readonly reachTier: ReachTier;
  readonly outlet: string;
  readonly platform?: Platform;
  readonly sentiment?: 'negative' | 'neutral' | 'positive';
}

/** One heat measurement (IncidentHeatChanged), by the event that carried it. */
export interface HeatReading {
  readonly eventId: string;
  readonly heatIndex: number;
  readonly previousHeatIndex: number;
  /** ISO 8601 with offset. */
  readonly measuredAt: string;
}

/** A reporting or handling deadline that passed (ReportOverdue), by the event that recorded it. */
export interface MissedDeadline {
  readonly eventId: string;
  readonly obligationId: string;
  readonly kind: ReportKind;
  /** ISO 8601 with offset. */
  readonly dueAt: string;
}

/** Everything grading knows of an incident that the rules read. Times are data; nothing here reads a clock. */
export interface IncidentFacts {
  readonly incidentId: string;
  /** The items that count: attached to the incident and not dismissed (伪舆情 and the like do not grade). */
  readonly items: readonly ItemFact[];
  /** Heat measurements in the order they were made; the last is the heat now. */
  readonly heat: readonly HeatReading[];
  /** Categories, main one first, and the event that set them. */
  readonly categories: readonly Category[];
  readonly categorisedBy?: string;
  /** The grade the authority has put in force, and the event that did it. */
  readonly gradeInForce?: { readonly grade: Grade; readonly eventId: string };
  /** Deadlines missed while the grade in force was in force (poor handling, 处置不当). */
  readonly missedDeadlines: readonly MissedDeadline[];
}

/** One 第三条 condition the facts meet, at the grade it supports, with what shows it. */
export interface CriterionMatch {
  readonly criterion: GradingCriterion;
  readonly grade: Grade;
  readonly evidence: readonly EvidenceRef[];
  /** A sentence for the grading authority, in Chinese. */
  readonly detail: string;
}

export interface GradeEvaluation {
  readonly grade: Grade;
  /** The conditions met at the grade given (the ones that decided it), in 第三条 order. */
  readonly criteria: readonly GradingCriterion[];
  /** The items and events that decided it. */
  readonly evidence: readonly EvidenceRef[];
  readonly ruleSetVersion: string;
  /** Every condition met, at any level (the deciding ones and the weaker ones). */
  readonly matches: readonly CriterionMatch[];
  /** The explanation for the grading authority. */
  readonly rationale: string;
}

const MAX_EVIDENCE = 100;
const MAX_RATIONALE = 2000;
const CRITERION_ORDER = Object.keys(GRADING_CRITERIA) as GradingCriterion[];

/**
 * Grades an incident's facts under a rule set (第三条): every condition met is collected; the most severe grade
 * among them is the result, with the conditions met at that grade and their evidence. `undefined` when nothing
 * is known that any rule reads (no items, no heat).
 */
export function evaluateGrade(facts: IncidentFacts, rules: GradingRuleSet): GradeEvaluation | undefined {
  const heat = heatNow(facts.heat);
  const matches: CriterionMatch[] = [
    ...rules.sources.flatMap((rule) => matchSource(rule, facts, heat)),
    ...rules.heat.flatMap((rule) => matchHeat(rule, facts, rules, heat)),
    ...matchLivelihood(facts, rules, heat),
    ...matchPoorHandling(facts, rules),
    ...matchExceptional(facts, rules, heat),
    ...matchProvinceWide(facts, rules, heat),
  ].filter((m) => m.evidence.length > 0);
  if (matches.length === 0) return undefined;

  const severity = Math.min(...matches.map((m) => gradeSeverity(m.grade)));
  const grade = severity === 0 ? EXCEPTIONAL : gradeOf(`level-${severity}` as GradeLevel);
  // 特别重大 is 一级 and more: its grounds include the 一级 conditions met.
  const deciding = matches.filter(
    (m) => m.grade.level === grade.level && (grade.exceptional || !m.grade.exceptional),
  );
  const criteria = CRITERION_ORDER.filter((c) => deciding.some((m) => m.criterion === c));
  const evidence = uniqueEvidence(
    criteria.flatMap((c) => deciding.filter((m) => m.criterion === c).flatMap((m) => m.evidence)),
  ).slice(0, MAX_EVIDENCE);
  const details = [
    ...new Set(criteria.flatMap((c) => deciding.filter((m) => m.criterion === c).map((m) => m.detail))),
  ];
  const rationale = truncate(
    `拟定${gradeName(grade)}（${rules.version}）：${details.join('；')}。`,
    MAX_RATIONALE,
  );
  return { grade, criteria, evidence, ruleSetVersion: rules.version, matches, rationale };
}

interface HeatNow {
  readonly value: number;
  readonly reading?: HeatReading;
}

function heatNow(readings: readonly HeatReading[]): HeatNow {
  const reading = readings[readings.length - 1];
  return reading ? { value: reading.heatIndex, reading } : { value: 0 };
}

/** The heat as of a moment: the last measurement at or before it, else the value before the first measurement. */
function heatAsOf(readings: readonly HeatReading[], at: number): { value: number; eventId?: string } {
  let found: HeatReading | undefined;
  for (const r of readings) if (Date.parse(r.measuredAt) <= at) found = r;
  if (found) return { value: found.heatIndex, eventId: found.eventId };
  const first = readings[0];
  return first ? { value: first.previousHeatIndex, eventId: first.eventId } : { value: 0 };
}

const heatEvidence = (heat: HeatNow): EvidenceRef[] =>
  heat.reading ? [{ kind: 'event', id: heat.reading.eventId }] : [];

function matchSource(rule: SourceRule, facts: IncidentFacts, heat: HeatNow): CriterionMatch[] {
  if (rule.minHeat !== undefined && heat.value < rule.minHeat) return [];
  const items = facts.items.filter(
    (item) =>
      rule.reachTiers.includes(item.reachTier) &&
      (!rule.outlets || rule.outlets.includes(item.outlet)) &&
      (!rule.platforms || (item.platform !== undefined && rule.platforms.includes(item.platform))),
  );
  if (items.length === 0) return [];
  const outlets = [...new Set(items.map((i) => i.outlet))];
  const shown = outlets.slice(0, 5).join('、') + (outlets.length > 5 ? ` 等${outlets.length}家` : '');
  const heatPart = rule.minHeat !== undefined ? `，热度 ${heat.value} ≥ ${rule.minHeat}` : '';
  return [
    {
      criterion: rule.criterion,
      grade: gradeOf(rule.level),
      evidence: [
        ...items.map((i): EvidenceRef => ({ kind: 'item', id: i.itemId })),
        ...(rule.minHeat !== undefined ? heatEvidence(heat) : []),
      ],
      detail: `${GRADING_CRITERIA[rule.criterion].zh}（${REACH_TIERS[items[0]!.reachTier].zh}：${shown}${heatPart}）`,
    },
  ];
}

function mostlyNegative(facts: IncidentFacts, rules: GradingRuleSet): boolean {
  const judged = facts.items.filter((i) => i.sentiment !== undefined);
  if (judged.length === 0) return false;
  const negative = judged.filter((i) => i.sentiment === 'negative').length;
  return negative / judged.length >= rules.sentiment.negativeShare;
}

function matchHeat(
  rule: HeatRule,
  facts: IncidentFacts,
  rules: GradingRuleSet,
  heat: HeatNow,
): CriterionMatch[] {
  if (!heat.reading || heat.value < rule.minHeat) return [];
  if (rule.negativeOnly && !mostlyNegative(facts, rules)) return [];
  const evidence = heatEvidence(heat);
  const parts = [`热度 ${heat.value} ≥ ${rule.minHeat}`];
  if (rule.rise) {
    const since = Date.parse(heat.reading.measuredAt) - rule.rise.withinHours * 3_600_000;
    const before = heatAsOf(facts.heat, since);
    const rise = heat.value - before.value;
    if (rise < rule.rise.points) return [];
    if (before.eventId && before.eventId !== heat.reading.eventId)
      evidence.unshift({ kind: 'event', id: before.eventId });
    parts.push(`${rule.rise.withinHours} 小时内上升 ${round(rise)} ≥ ${rule.rise.points}`);
  }
  if (rule.negativeOnly) parts.push(`负面为主`);
  return [
    {
      criterion: rule.criterion,
      grade: gradeOf(rule.level),
      evidence,
      detail: `${GRADING_CRITERIA[rule.criterion].zh}（${parts.join('，')}）`,
    },
  ];
}

function matchLivelihood(facts: IncidentFacts, rules: GradingRuleSet, heat: HeatNow): CriterionMatch[] {
  const rule = rules.majorLivelihood;
  if (!rule || heat.value < rule.minHeat) return [];
  const hit = facts.categories.filter((c) => rule.categories.includes(c));
  if (hit.length === 0) return [];
  return [
    {
      criterion: 'major-livelihood-demand',
      grade: gradeOf('level-2'),
      evidence: [
        ...(facts.categorisedBy ? [{ kind: 'event' as const, id: facts.categorisedBy }] : []),
        ...heatEvidence(heat),
      ],
      detail: `${GRADING_CRITERIA['major-livelihood-demand'].zh}（分类 ${hit.join('、')}，热度 ${heat.value} ≥ ${rule.minHeat}）`,
    },
  ];
}

/** 本属三级（二级）舆情，因处置不当，导致发展态势进一步扩大: a deadline missed, then the heat rose. */
function matchPoorHandling(facts: IncidentFacts, rules: GradingRuleSet): CriterionMatch[] {
  const rule = rules.poorHandling;
  const inForce = facts.gradeInForce;
  if (!rule || !inForce || inForce.grade.level === 'level-1') return [];
  const latest = facts.heat[facts.heat.length - 1];
  if (!latest) return [];
  const grew = facts.missedDeadlines.filter((missed) => {
    if (!rule.deadlineKinds.includes(missed.kind)) return false;
    const dueAt = Date.parse(missed.dueAt);
    if (Date.parse(latest.measuredAt) <= dueAt) return false;
    const rise = latest.heatIndex - heatAsOf(facts.heat, dueAt).value;
    return rise > 0 && rise >= rule.minHeatRise;
  });
  if (grew.length === 0) return [];
  const up = inForce.grade.level === 'level-3' ? 'level-2' : 'level-1';
  const criterion: GradingCriterion = up === 'level-2' ? 'grew-from-level-3' : 'grew-from-level-2';
  const first = grew[0]!;
  const rise = latest.heatIndex - heatAsOf(facts.heat, Date.parse(first.dueAt)).value;
  return [
    {
      criterion,
      grade: gradeOf(up),
      evidence: [
        ...grew.map((m): EvidenceRef => ({ kind: 'event', id: m.eventId })),
        { kind: 'event', id: latest.eventId },
        { kind: 'event', id: inForce.eventId },
      ],
      detail:
        `${GRADING_CRITERIA[criterion].zh}（${grew.map((m) => `${m.kind} 时限 ${m.dueAt} 已过`).join('、')}；` +
        `此后热度上升 ${round(rise)} 至 ${latest.heatIndex}）`,
    },
  ];
}

function matchExceptional(facts: IncidentFacts, rules: GradingRuleSet, heat: HeatNow): CriterionMatch[] {
  const rule = rules.exceptional;
  if (!rule || heat.value < rule.minHeat) return [];
  const items = facts.items.filter((i) => rule.reachTiers.includes(i.reachTier));
  const outlets = [...new Set(items.map((i) => i.outlet))];
  if (outlets.length < rule.minDistinctOutlets) return [];
  return [
    {
      criterion: 'national-attention',
      grade: EXCEPTIONAL,
      evidence: [...items.map((i): EvidenceRef => ({ kind: 'item', id: i.itemId })), ...heatEvidence(heat)],
      detail: `${GRADING_CRITERIA['national-attention'].zh}（${outlets.slice(0, 5).join('、')} 等 ${outlets.length} 家，热度 ${heat.value} ≥ ${rule.minHeat}）`,
    },
  ];
}

/** 第十二条 全省关注: outlets of enough cities of the province carry it, and the heat is high. */
function matchProvinceWide(facts: IncidentFacts, rules: GradingRuleSet, heat: HeatNow): CriterionMatch[] {
  const rule = rules.provinceWide;
  if (!rule || heat.value < rule.minHeat) return [];
  const items = facts.items.filter(
    (i) => rule.reachTiers.includes(i.reachTier) && Object.hasOwn(rule.outletCities, i.outlet),
  );
  const cities = [...new Set(items.map((i) => rule.outletCities[i.outlet]!))];
  if (cities.length < rule.minCities) return [];
  return [
    {
      criterion: 'province-wide-attention',
      grade: EXCEPTIONAL,
      evidence: [...items.map((i): EvidenceRef => ({ kind: 'item', id: i.itemId })), ...heatEvidence(heat)],
      detail: `${GRADING_CRITERIA['province-wide-attention'].zh}（${cities.slice(0, 8).join('、')} 等 ${cities.length} 市，热度 ${heat.value} ≥ ${rule.minHeat}）`,
    },
  ];
}

function uniqueEvidence(refs: readonly EvidenceRef[]): EvidenceRef[] {
  const seen = new Set<string>();
  return refs.filter((ref) => {
    const key = `${ref.kind}:${ref.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const round = (n: number) => Math.round(n * 10) / 10;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
