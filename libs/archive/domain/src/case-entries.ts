import {
  CASE_SOURCE_CONTEXTS,
  GRADE_LEVELS,
  gradeInForce,
  REACH_TIERS,
  REPORT_KINDS,
  type CaseEntryKind,
  type CaseSummary,
  type Grade,
  type ReachTier,
  type ReportKind,
  type SourceEventRef,
} from '@yuqing/contracts';
import type { EntryDraft } from './case.decider';

// What each context's event files in the incident's case (案卷), as pure functions of the event: its kind, a short
// Chinese summary, and the facts the case is folded by as of a moment. Captured text is hostile: it is cut to a
// bound here and never interpreted; the console shows it as text.

/** An event from another context as the archive receives it. */
export interface SourceEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  readonly streamPosition: number;
  readonly time: Date;
  readonly data: unknown;
  /** The hash-chain hash its publisher sent (`ce_hash`), when it sent one. */
  readonly hash?: string;
}

/** What a captured item contributes to the case: kept from `ingestion.ItemCaptured` until it is attached. */
export interface CapturedItem {
  readonly itemId: string;
  readonly title: string;
  readonly outlet: string;
  readonly platform: string;
  readonly reachTier: string;
  readonly url: string;
  readonly publishedAt: string | null;
  readonly capturedAt: string;
}

/** Reach tiers whose items are media reports (媒体报道) rather than posts. */
const MEDIA_TIERS: ReadonlySet<string> = new Set([
  'central-media',
  'national-portal',
  'provincial-media',
  'provincial-portal',
]);

/** A bounded single line of captured or typed text. */
export function bounded(value: unknown, max = 200): string {
  const flat = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function contextOf(type: string): SourceEventRef['context'] | undefined {
  const context = type.split('.')[0];
  return (CASE_SOURCE_CONTEXTS as readonly string[]).includes(context ?? '')
    ? (context as SourceEventRef['context'])
    : undefined;
}

/** The link from an entry to the event it was filed from. */
export function sourceRef(event: SourceEvent): SourceEventRef {
  const context = contextOf(event.type);
  if (!context) throw new Error(`${event.type} is not from a context the archive files`);
  return {
    context,
    eventId: event.eventId,
    eventType: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    streamPosition: event.streamPosition,
    ...(event.hash ? { hash: event.hash } : {}),
    recordedAt: event.time.toISOString(),
  };
}

const gradeName = (grade: Grade): string =>
  `${GRADE_LEVELS[grade.level].zh.slice(0, 2)}${grade.exceptional ? '（特别重大）' : ''}`;
const reportName = (kind: string): string =>
  kind in REPORT_KINDS ? REPORT_KINDS[kind as ReportKind].zh : bounded(kind, 50);
const reachName = (tier: string): string =>
  tier in REACH_TIERS ? REACH_TIERS[tier as ReachTier].zh : bounded(tier, 50);

/** The entry of a captured item attached to the incident (舆情信息, or 媒体报道 from a media outlet). */
export function itemEntry(item: CapturedItem, attached: SourceEvent): EntryDraft {
  const media = MEDIA_TIERS.has(item.reachTier);
  return {
    kind: media ? 'media-report' : 'item',
    summary: `${bounded(item.outlet, 60)}（${reachName(item.reachTier)}）：${bounded(item.title)}`,
    occurredAt: attached.time.toISOString(),
    source: sourceRef(attached),
    facts: {
      itemId: item.itemId,
      reachTier: item.reachTier,
      platform: bounded(item.platform, 40),
      url: bounded(item.url, 500),
      publishedAt: item.publishedAt,
      capturedAt: item.capturedAt,
    },
  };
}

type Data = Record<string, unknown>;
type Made = {
  kind: CaseEntryKind;
  summary: string;
  facts?: EntryDraft['facts'];
  handlingSummary?: CaseSummary;
};

/** Each filed event type: what it files. Item attachments are filed by `itemEntry`, once the capture is known. */
const ENTRIES: Readonly<Record<string, (data: Data, event: SourceEvent) => Made>> = {
  'ingestion.IncidentDetected': (d) => ({
    kind: 'incident-detected',
    summary: `发现舆情事件：${bounded(d['title'])}`,
    facts: { title: bounded(d['title']), splitFromIncidentId: (d['splitFromIncidentId'] as string) ?? null },
  }),
  'ingestion.ItemVerified': (d) => ({
    kind: 'item-verified',
    summary: `核实信息（${ACCURACY[d['accuracy'] as string] ?? bounded(d['accuracy'], 20)}）：${bounded(d['findings'])}`,
    facts: { itemId: d['itemId'] as string, accuracy: d['accuracy'] as string },
  }),
  'ingestion.ItemDismissed': (d) => ({
    kind: 'item-dismissed',
    summary: `排除信息（${DISMISSALS[d['reason'] as string] ?? bounded(d['reason'], 20)}）：${bounded(d['explanation'])}`,
    facts: { itemId: d['itemId'] as string, reason: d['reason'] as string },
  }),
  'ingestion.IncidentsMerged': (d) => ({
    kind: 'incident-merged',
    summary: `合并事件 ${bounded(d['mergedIncidentId'], 60)}：${bounded(d['reason'])}`,
    facts: { mergedIncidentId: d['mergedIncidentId'] as string },
  }),
  'ingestion.IncidentMergedInto': (d) => ({
    kind: 'incident-merged',
    summary: `并入事件 ${bounded(d['intoIncidentId'], 60)}：${bounded(d['reason'])}`,
    facts: { intoIncidentId: d['intoIncidentId'] as string },
  }),
  'ingestion.IncidentSplit': (d) => ({
    kind: 'incident-merged',
    summary: `拆分出事件 ${bounded(d['newIncidentId'], 60)}：${bounded(d['reason'])}`,
    facts: { newIncidentId: d['newIncidentId'] as string },
  }),
  'grading.GradeProposed': (d) => {
    const grade = d['grade'] as Grade;
    return {
      kind: 'grade-proposed',
      // Grading's rationale already names the grade and the rules ("拟定三级 (一般)（grading-rules@…）：…").
      summary: d['rationale']
        ? bounded(d['rationale'])
        : `拟定${gradeName(grade)}（${bounded(d['ruleSetVersion'], 60)}）`,
      facts: { level: grade.level, exceptional: grade.exceptional, proposalId: d['proposalId'] as string },
    };
  },
  'grading.AssessmentConvened': (d) => ({
    kind: 'assessment',
    summary: `召开研判（${bounded(d['format'], 20)}）`,
    facts: { assessmentId: d['assessmentId'] as string, stage: 'convened' },
  }),
  'grading.AssessmentConcluded': (d) => ({
    kind: 'assessment',
    summary: `研判结论（走势：${TRENDS[d['trend'] as string] ?? '不明'}）：${bounded(d['conclusion'])}`,
    facts: { assessmentId: d['assessmentId'] as string, stage: 'concluded', trend: d['trend'] as string },
  }),
  'grading.HandlingPlanAdopted': (d) => ({
    kind: 'handling-plan',
    summary: `处置方案：${bounded(d['summary'])}`,
    facts: { planId: d['planId'] as string },
  }),
  'grading.SpecialTeamFormed': (d) => ({
    kind: 'handling-plan',
    summary: `成立处置专班：${bounded(d['name'], 100)}`,
    facts: { teamId: d['teamId'] as string },
  }),
  'grading.EmergencyPlanActivated': (d) => ({
    kind: 'handling-plan',
    summary: `启动应急预案：${bounded(d['reason'])}`,
    facts: { emergencyPlanId: d['emergencyPlanId'] as string },
  }),
  'reporting.ReportingObligationOpened': (d) => ({
    kind: 'obligation-opened',
    summary: `${reportName(d['kind'] as string)}，时限 ${d['dueAt'] as string}${d['provisional'] === true ? '（按拟定一级，暂定）' : ''}`,
    facts: obligationFacts(d, { provisional: d['provisional'] === true }),
  }),
  'reporting.ReportingObligationConfirmed': (d) => ({
    kind: 'obligation-opened',
    summary: `${reportName(d['kind'] as string)}：定级确认，时限不变`,
    facts: obligationFacts(d, { provisional: false }),
  }),
  'reporting.ReportingObligationReopened': (d) => ({
    kind: 'obligation-opened',
    summary: `${reportName(d['kind'] as string)}重新计时，时限 ${d['dueAt'] as string}：${bounded(d['reason'])}`,
    facts: obligationFacts(d, {}),
  }),
  'reporting.ReportingObligationTakenOver': (d) => ({
    kind: 'obligation-opened',
    summary: `${reportName(d['kind'] as string)}由合并前事件转入，时限 ${d['dueAt'] as string}`,
    facts: obligationFacts(d, {}),
  }),
  'reporting.ReportingObligationFulfilled': (d) => ({
    kind: 'obligation-closed',
    summary: `${reportName(d['kind'] as string)}已报送${d['onTime'] === true ? '（按时）' : '（迟报）'}`,
    facts: obligationFacts(d, {
      outcome: 'fulfilled',
      onTime: d['onTime'] === true,
      at: d['fulfilledAt'] as string,
    }),
  }),
  'reporting.ReportingObligationCancelled': (d) => ({
    kind: 'obligation-closed',
    summary: `${reportName(d['kind'] as string)}撤销（${bounded(d['reason'], 40)}）`,
    facts: obligationFacts(d, { outcome: 'cancelled' }),
  }),
  'reporting.ReportingObligationCarriedOver': (d) => ({
    kind: 'obligation-closed',
    summary: `${reportName(d['kind'] as string)}转入事件 ${bounded(d['toIncidentId'], 60)}`,
    facts: obligationFacts(d, { outcome: 'carried-over' }),
  }),
  'reporting.ReportOverdue': (d) => ({
    kind: 'obligation-overdue',
    summary: `${reportName(d['kind'] as string)}超时未报（时限 ${d['dueAt'] as string}）`,
    facts: obligationFacts(d, {}),
  }),
  'reporting.FlashReportSent': (d) => ({
    kind: 'report-sent',
    summary: `快报（${METHODS[d['method'] as string] ?? bounded(d['method'], 10)}）报送 ${bounded(d['recipientOrgUnitId'], 60)}：${bounded(d['summary'])}`,
    facts: { reportId: d['reportId'] as string, obligationId: d['obligationId'] as string },
  }),
  'reporting.BulletinSubmitted': (d) => ({
    kind: 'report-sent',
    summary: `《网上舆情》${bounded(d['issueNumber'], 40)} 报送 ${bounded(d['recipientOrgUnitId'], 60)}：${bounded(d['title'])}`,
    facts: { bulletinId: d['bulletinId'] as string, obligationId: d['obligationId'] as string },
  }),
  'reporting.ReportForwarded': (d) => ({
    kind: 'report-sent',
    summary: `转报 ${bounded(d['toOrgUnitId'], 60)}：${bounded(d['note'])}`,
    facts: { reportId: d['reportId'] as string },
  }),
  'reporting.ReportReceiptAcknowledged': (d) => ({
    kind: 'receipt-acknowledged',
    summary: `${bounded(d['recipientOrgUnitId'], 60)} 确认收到报告`,
    facts: { reportId: d['reportId'] as string },
  }),
  'reporting.BulletinSignedOff': (d) => ({
    kind: 'sign-off',
    summary: `领导签批（${bounded(d['signerOrgUnitId'], 60)}）：${bounded(d['instructions'])}`,
    facts: { bulletinId: d['bulletinId'] as string },
  }),
  'reporting.FollowUpTaskOpened': (d) => ({
    kind: 'follow-up-task',
    summary: `督办任务交 ${bounded(d['assigneeOrgUnitId'], 60)}，期限 ${d['dueAt'] as string}：${bounded(d['description'])}`,
    facts: { taskId: d['taskId'] as string, stage: 'opened', dueAt: d['dueAt'] as string },
  }),
  'reporting.FollowUpTaskCompleted': (d) => ({
    kind: 'follow-up-task',
    summary: `督办任务办结${d['onTime'] === true ? '' : '（逾期）'}：${bounded(d['result'])}`,
    facts: { taskId: d['taskId'] as string, stage: 'completed', onTime: d['onTime'] === true },
  }),
  'reporting.FollowUpTaskOverdue': (d) => ({
    kind: 'follow-up-task',
    summary: `督办任务逾期未办结（期限 ${d['dueAt'] as string}）`,
    facts: { taskId: d['taskId'] as string, stage: 'overdue' },
  }),
  'reporting.HandlingResultReported': (d) => ({
    kind: 'handling-result',
    summary: `直办回告（${d['resolution'] === 'resolved' ? '已解决' : '已说明'}）：${bounded(d['result'])}`,
    facts: { reportId: d['reportId'] as string, resolution: d['resolution'] as string },
  }),
  'reporting.HandlingCompleted': (d) => ({
    kind: 'handling-result',
    summary: `处置完毕：${bounded(d['note'])}`,
    facts: {},
  }),
  'reporting.HandlingSummarySubmitted': (d) => {
    const parts = {
      whatHappened: d['whatHappened'],
      handling: d['howHandled'],
      lessons: d['lessons'],
      outlook: d['outlook'],
    };
    // Reported before its parts were structured, a summary is filed as a line; a closing then asks for the parts.
    const whole = Object.values(parts).every((part) => typeof part === 'string' && part.trim() !== '');
    return {
      kind: 'handling-summary',
      summary: `处置情况总结：${bounded(d['whatHappened'] ?? '（未分项）')}`,
      facts: { summaryId: d['summaryId'] as string },
      ...(whole ? { handlingSummary: parts as CaseSummary } : {}),
    };
  },
  'guidance.ResponsePlanOpened': (d) => ({
    kind: 'response-plan',
    summary: `回应方案启动（三同步），首次回应时限 ${(d['firstResponseDueAt'] as string | undefined) ?? '未定'}`,
    facts: { firstResponseDueAt: (d['firstResponseDueAt'] as string | undefined) ?? null },
  }),
  'guidance.WordingDrafted': (d) => ({
    kind: 'wording',
    summary: `口径第 ${d['version'] as number} 版拟稿：${bounded(d['text'])}`,
    facts: { wordingId: d['wordingId'] as string, version: d['version'] as number, status: 'drafted' },
  }),
  'guidance.WordingApproved': (d) => ({
    kind: 'wording',
    summary: `口径第 ${d['version'] as number} 版批准`,
    facts: { wordingId: d['wordingId'] as string, version: d['version'] as number, status: 'approved' },
  }),
  'guidance.WordingRefused': (d) => ({
    kind: 'wording',
    summary: `口径第 ${d['version'] as number} 版不予批准：${bounded(d['reason'])}`,
    facts: { wordingId: d['wordingId'] as string, version: d['version'] as number, status: 'refused' },
  }),
  'guidance.ReleasePrepared': (d) => ({
    kind: 'release',
    summary: `发布稿（${bounded(d['channel'], 40)}）待批：${bounded(d['text'])}`,
    facts: { releaseId: d['releaseId'] as string, status: 'prepared' },
  }),
  'guidance.ReleaseApproved': (d) => ({
    kind: 'release',
    summary: '发布稿批准',
    facts: { releaseId: d['releaseId'] as string, status: 'approved' },
  }),
  'guidance.ReleaseRefused': (d) => ({
    kind: 'release',
    summary: `发布稿不予批准：${bounded(d['reason'])}`,
    facts: { releaseId: d['releaseId'] as string, status: 'refused' },
  }),
  'guidance.ReleasePublished': (d) => ({
    kind: 'release',
    summary: `已发布（${bounded(d['channel'], 40)}）：${bounded(d['text'])}`,
    facts: { releaseId: d['releaseId'] as string, status: 'published', url: bounded(d['url'], 500) },
  }),
};

const ACCURACY: Readonly<Record<string, string>> = {
  accurate: '属实',
  'partly-accurate': '部分属实',
  inaccurate: '不属实',
  undetermined: '尚未查清',
};
const DISMISSALS: Readonly<Record<string, string>> = {
  fabricated: '伪舆情',
  'outside-jurisdiction': '不涉本辖区',
  'not-public-opinion': '非舆情',
  duplicate: '重复',
};
const TRENDS: Readonly<Record<string, string>> = {
  rising: '上升',
  steady: '平稳',
  subsiding: '回落',
  uncertain: '不明',
};
const METHODS: Readonly<Record<string, string>> = { phone: '电话', sms: '短信', paper: '书面' };

function obligationFacts(d: Data, extra: EntryDraft['facts']): EntryDraft['facts'] {
  return {
    obligationId: d['obligationId'] as string,
    kind: d['kind'] as string,
    dueAt: (d['dueAt'] as string | undefined) ?? null,
    ...extra,
  };
}

/** The event types the archive files (besides item attachments, which `itemEntry` files). */
export const FILED_EVENT_TYPES: readonly string[] = [
  ...Object.keys(ENTRIES),
  'grading.GradeConfirmed',
  'grading.GradeOverridden',
  'grading.GradeEscalated',
  'grading.GradeDowngraded',
];

const DECISIONS = {
  confirmed: '确认',
  overridden: '改定',
  escalated: '升级为',
  downgraded: '降级为',
} as const;

/** The entry a source event files in its incident's case, or undefined when it files none. */
export function entryFor(event: SourceEvent): EntryDraft | undefined {
  const data = (event.data ?? {}) as Data;
  const inForce = gradeInForce(event);
  const made: Made | undefined = inForce
    ? {
        kind: 'grade-in-force',
        summary: `定级机关${DECISIONS[inForce.by]}${gradeName(inForce.grade)}${data['reason'] ? `：${bounded(data['reason'])}` : ''}`,
        facts: { level: inForce.grade.level, exceptional: inForce.grade.exceptional, by: inForce.by },
      }
    : ENTRIES[event.type]?.(data, event);
  if (!made) return undefined;
  return {
    kind: made.kind,
    summary: made.summary.slice(0, 1000),
    occurredAt: event.time.toISOString(),
    source: sourceRef(event),
    facts: made.facts ?? {},
    ...(made.handlingSummary ? { handlingSummary: made.handlingSummary } : {}),
  };
}
