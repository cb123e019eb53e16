import { GRADE_LEVELS, gradeSeverity, type Grade } from '@yuqing/contracts';
import { dataOf, gradeInForce, instantMs, ofType, within, type Fact } from '../facts';
import { draft, type Detector, type FindingDraft } from './detector';

// What a unit reported, against what its own records showed when it reported (统一事实、统一数据):
// - 瞒报: a figure below the one the unit had verified (核实), or a grade lower than the one in force;
// - 谎报: a figure above the one the unit had verified (the report states what its records contradict);
// - 瞒报 too: a downgrade (降级) later reversed by an escalation that rests on items captured before the downgrade
//   (the evidence existed when the grade was lowered), or a judgement of 伪舆情 later reversed to genuine on items
//   captured before it.

const REPORTS = ['reporting.FlashReportSent', 'reporting.BulletinSubmitted'];

interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit?: string;
}

interface ReportData {
  readonly reportId?: string;
  readonly bulletinId?: string;
  readonly incidentId: string;
  readonly figures?: readonly Figure[];
  readonly statedGrade?: Grade;
}

function gradeName(grade: Grade): string {
  return grade.exceptional ? '特别重大' : GRADE_LEVELS[grade.level].zh.replace(/ \(.*\)$/, '');
}

/** The figures the unit had verified before `atMs`, the latest verification of each name standing. */
function verifiedFigures(
  facts: readonly Fact[],
  unit: string,
  atMs: number,
): Map<string, { figure: Figure; fact: Fact }> {
  const verified = new Map<string, { figure: Figure; fact: Fact }>();
  for (const fact of ofType(facts, 'ingestion.ItemVerified')) {
    if (instantMs(fact.time) >= atMs || !within(fact.orgUnit, unit)) continue;
    for (const figure of dataOf<{ figures?: readonly Figure[] }>(fact).figures ?? [])
      verified.set(figure.name, { figure, fact });
  }
  return verified;
}

function fmt(figure: Figure): string {
  return `${figure.value}${figure.unit ?? ''}`;
}

function reportFindings(facts: readonly Fact[], report: Fact, name: string): FindingDraft[] {
  const d = dataOf<ReportData>(report);
  const reportId = d.reportId ?? d.bulletinId ?? report.eventId;
  const at = instantMs(report.time);
  const verified = verifiedFigures(facts, report.orgUnit, at);
  const under: string[] = [];
  const over: string[] = [];
  const underEvidence: Fact[] = [];
  const overEvidence: Fact[] = [];
  for (const figure of d.figures ?? []) {
    const known = verified.get(figure.name);
    if (!known || known.figure.value === figure.value) continue;
    const line = `${figure.name}报 ${fmt(figure)}，已核实 ${fmt(known.figure)}`;
    if (figure.value < known.figure.value) {
      under.push(line);
      underEvidence.push(known.fact);
    } else {
      over.push(line);
      overEvidence.push(known.fact);
    }
  }
  const inForce = gradeInForce(facts, at);
  if (d.statedGrade && inForce && gradeSeverity(d.statedGrade) > gradeSeverity(inForce.grade)) {
    under.push(`报称${gradeName(d.statedGrade)}，报送时定级为${gradeName(inForce.grade)}`);
    underEvidence.push(inForce.fact);
  }
  const drafts: FindingDraft[] = [];
  const base = {
    detector: name,
    incidentId: d.incidentId,
    responsibleOrgUnitId: report.orgUnit,
    responsiblePersonId: report.actorId,
    occurredAt: report.time,
  };
  if (under.length > 0)
    drafts.push(
      draft(facts, {
        ...base,
        kind: 'concealed-report',
        subject: `report:${reportId}`,
        summary: `报送内容低于本单位已掌握的情况（瞒报）：${under.join('；')}。`,
        evidence: [...underEvidence, report],
      }),
    );
  if (over.length > 0)
    drafts.push(
      draft(facts, {
        ...base,
        kind: 'false-report',
        subject: `report:${reportId}`,
        summary: `报送数据与本单位核实情况不符（谎报）：${over.join('；')}。`,
        evidence: [...overEvidence, report],
      }),
    );
  return drafts;
}

interface Regrade {
  readonly from: Grade;
  readonly to: Grade;
  readonly evidence?: readonly { kind: 'item' | 'event'; id: string }[];
}

/** The items among `evidence` that the review has seen captured at or before `byMs`. */
function capturedBy(
  facts: readonly Fact[],
  evidence: readonly { kind: 'item' | 'event'; id: string }[] | undefined,
  byMs: number,
): Fact[] {
  const itemIds = new Set((evidence ?? []).filter((e) => e.kind === 'item').map((e) => e.id));
  return ofType(facts, 'ingestion.ItemCaptured').filter(
    (f) =>
      itemIds.has(dataOf<{ itemId: string }>(f).itemId) &&
      instantMs(dataOf<{ capturedAt: string }>(f).capturedAt) <= byMs,
  );
}

/**
 * A judgement of 伪舆情 (fabricated) later reversed to genuine on items captured before it: the incident was dismissed
 * while the evidence that it was real already existed.
 */
function dismissalReversed(facts: readonly Fact[], dismissal: Fact, name: string): FindingDraft | undefined {
  const after = facts.slice(facts.indexOf(dismissal) + 1);
  const reversal = after.find(
    (f) =>
      f.type === 'grading.GenuinenessJudged' &&
      dataOf<{ verdict: string }>(f).verdict === 'genuine' &&
      instantMs(f.time) > instantMs(dismissal.time),
  );
  if (!reversal) return undefined;
  const earlier = capturedBy(facts, dataOf<Regrade>(reversal).evidence, instantMs(dismissal.time));
  if (earlier.length === 0) return undefined;
  return draft(facts, {
    kind: 'concealed-report',
    detector: name,
    subject: `dismissal:${dismissal.eventId}`,
    incidentId: dataOf<{ incidentId: string }>(dismissal).incidentId,
    responsibleOrgUnitId: dismissal.orgUnit,
    responsiblePersonId: dismissal.actorId,
    occurredAt: dismissal.time,
    summary: `判定为伪舆情，后据判定前已采集的 ${earlier.length} 条信息复核为真实舆情。`,
    evidence: [dismissal, ...earlier.slice(0, 10), reversal],
  });
}

function downgradeReversed(facts: readonly Fact[], downgrade: Fact, name: string): FindingDraft | undefined {
  const lowered = dataOf<Regrade & { incidentId: string }>(downgrade);
  const after = facts.slice(facts.indexOf(downgrade) + 1);
  const escalation = after.find(
    (f) =>
      f.type === 'grading.GradeEscalated' &&
      gradeSeverity(dataOf<Regrade>(f).to) <= gradeSeverity(lowered.from) &&
      instantMs(f.time) > instantMs(downgrade.time),
  );
  if (!escalation) return undefined;
  const earlier = capturedBy(facts, dataOf<Regrade>(escalation).evidence, instantMs(downgrade.time));
  if (earlier.length === 0) return undefined;
  return draft(facts, {
    kind: 'concealed-report',
    detector: name,
    subject: `downgrade:${downgrade.eventId}`,
    incidentId: lowered.incidentId,
    responsibleOrgUnitId: downgrade.orgUnit,
    responsiblePersonId: downgrade.actorId,
    occurredAt: downgrade.time,
    severityGrade: lowered.from,
    summary: `由${gradeName(lowered.from)}降为${gradeName(lowered.to)}，后据降级前已采集的 ${earlier.length} 条信息恢复为${gradeName(dataOf<Regrade>(escalation).to)}。`,
    evidence: [downgrade, ...earlier.slice(0, 10), escalation],
  });
}

export const reportedFactsDetector: Detector = {
  name: 'reported-facts@1',
  triggers: [
    'reporting.FlashReportSent',
    'reporting.BulletinSubmitted',
    'grading.GradeEscalated',
    'grading.GenuinenessJudged',
  ],
  detect(facts) {
    const drafts: FindingDraft[] = [];
    for (const report of ofType(facts, ...REPORTS)) drafts.push(...reportFindings(facts, report, this.name));
    for (const downgrade of ofType(facts, 'grading.GradeDowngraded')) {
      const found = downgradeReversed(facts, downgrade, this.name);
      if (found) drafts.push(found);
    }
    for (const judgement of ofType(facts, 'grading.GenuinenessJudged')) {
      if (dataOf<{ verdict: string }>(judgement).verdict !== 'fabricated') continue;
      const found = dismissalReversed(facts, judgement, this.name);
      if (found) drafts.push(found);
    }
    return drafts;
  },
};
