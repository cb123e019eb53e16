import {
  BulletinSubmitted,
  FlashReportSent,
  FollowUpTaskCompleted,
  FollowUpTaskOpened,
  FollowUpTaskOverdue,
  GenuinenessJudged,
  GradeConfirmed,
  GradeDowngraded,
  GradeEscalated,
  GuidanceTaskOverdue,
  HandlingCompleted,
  IncidentDetected,
  ItemAttachedToIncident,
  ItemCaptured,
  ItemTransferredIn,
  ItemVerified,
  OnlineGuidanceProposed,
  ReportingObligationCancelled,
  ReportingObligationFulfilled,
  ReportingObligationOpened,
  ReportingObligationReopened,
  ReportOverdue,
  TransferAnswered,
  TransferResponseOverdue,
  TransferResponseOwed,
  UnapprovedReleaseDetected,
  type EventDefinition,
  type Figure,
  type Grade,
  type ReportKind,
} from '@yuqing/contracts';
import { DEFAULT_DETECTION_POLICY } from '../detection/detection.policy';
import type { Detector, FindingDraft } from '../detection/detector';
import type { Fact } from '../facts';

// Test fixtures: the facts of one scope (an incident, a transfer, a guidance proposal…) as the review records them,
// each payload validated by its contract, so a spec's "given" reads like the incident it scripts and the detectors
// are tested on the shapes the other contexts really publish.

export const L1: Grade = { level: 'level-1', exceptional: false };
export const L2: Grade = { level: 'level-2', exceptional: false };
export const L3: Grade = { level: 'level-3', exceptional: false };

/** 08:00 Beijing time on 20 Nov 2026 (2026-Q4): when the opinion arose in these tests. */
export const T0 = Date.parse('2026-11-20T08:00:00+08:00');
/** Minutes after T0, or an ISO instant. */
export type When = number | string;
export const at = (when: When): string =>
  new Date(typeof when === 'number' ? T0 + when * 60_000 : Date.parse(when)).toISOString();

/** 宜良县 (a county) under 昆明市; a town under the county; another county. */
export const CITY = 'cn.yn.km';
export const COUNTY = 'cn.yn.km.yl';
export const TOWN = 'cn.yn.km.yl.kyz';
export const OTHER_COUNTY = 'cn.yn.km.sl';
/** The county's duty officer, who sends its reports; its monitor, who verifies items. */
export const DUTY_OFFICER = 'yl.duty-officer';
export const MONITOR = 'yl.monitor';

export const POLICY = DEFAULT_DETECTION_POLICY;

/** When a fact was stored, and by whom for which unit (the envelope). */
export interface Stamp {
  readonly at?: When;
  readonly orgUnit?: string;
  readonly actorId?: string;
}

type DataOf<D extends EventDefinition> = Parameters<D['create']>[0];

/** One scope's facts, in the order recorded: event ids `<scope>-e1…`, positions counted per publishing stream. */
export class ScopeFacts {
  readonly facts: Fact[] = [];
  private readonly positions = new Map<string, number>();

  constructor(
    readonly incidentId = 'inc-1',
    readonly orgUnit = COUNTY,
  ) {}

  /** Any event, validated by its contract. */
  add<D extends EventDefinition>(def: D, data: DataOf<D>, stamp: Stamp = {}): Fact {
    const event = def.create(data);
    const streamId = `${def.context}-${this.incidentId}`;
    const position = (this.positions.get(streamId) ?? 0) + 1;
    this.positions.set(streamId, position);
    const fact: Fact = {
      eventId: `${this.incidentId}-e${this.facts.length + 1}`,
      type: def.type,
      streamId,
      streamPosition: position,
      time: at(stamp.at ?? 0),
      orgUnit: stamp.orgUnit ?? this.orgUnit,
      ...(stamp.actorId ? { actorId: stamp.actorId } : {}),
      data: event.data as Record<string, unknown>,
    };
    this.facts.push(fact);
    return fact;
  }

  // ---- grading ----

  gradeConfirmed(grade: Grade, when: When = 2): Fact {
    return this.add(
      GradeConfirmed,
      { incidentId: this.incidentId, proposalId: 'prop-1', grade },
      { at: when },
    );
  }

  gradeEscalated(
    o: { from: Grade; to: Grade; trigger?: DataOf<typeof GradeEscalated>['trigger']; itemIds?: string[] },
    when: When,
  ): Fact {
    return this.add(
      GradeEscalated,
      {
        incidentId: this.incidentId,
        from: o.from,
        to: o.to,
        trigger: o.trigger ?? 'new-evidence',
        reason: '网民二次发帖并被省级媒体转载。',
        evidence: (o.itemIds ?? []).map((id) => ({ kind: 'item' as const, id })),
      },
      { at: when },
    );
  }

  genuinenessJudged(
    o: { verdict: 'genuine' | 'fabricated'; itemIds?: string[] },
    when: When,
    actorId = MONITOR,
  ): Fact {
    return this.add(
      GenuinenessJudged,
      {
        incidentId: this.incidentId,
        verdict: o.verdict,
        basis: o.verdict === 'fabricated' ? '经核查系编造的谣言。' : '复核确认为真实舆情。',
        evidence: (o.itemIds ?? []).map((id) => ({ kind: 'item' as const, id })),
      },
      { at: when, actorId },
    );
  }

  gradeDowngraded(o: { from: Grade; to: Grade }, when: When, actorId = MONITOR): Fact {
    return this.add(
      GradeDowngraded,
      { incidentId: this.incidentId, from: o.from, to: o.to, reason: '热度回落，诉求已解决。', evidence: [] },
      { at: when, actorId },
    );
  }

  // ---- reporting: obligations and reports ----

  obligationOpened(
    o: { obligationId: string; kind: ReportKind; due: When; grade?: Grade },
    when: When = 2,
  ): Fact {
    return this.add(
      ReportingObligationOpened,
      {
        obligationId: o.obligationId,
        incidentId: this.incidentId,
        kind: o.kind,
        ...(o.grade ? { grade: o.grade } : {}),
        reason: o.kind === 'handling-summary' ? 'handling-completed' : 'grade-in-force',
        recipientOrgUnitId: CITY,
        clockBasis: o.kind === 'handling-summary' ? 'handling-completed' : 'first-capture',
        clockStartedAt: at(0),
        dueAt: at(o.due),
        reminderLeadMinutes: [10],
        ruleSetVersion: 'reporting-rules@2026-01',
      },
      { at: when },
    );
  }

  flashReportSent(
    o: { reportId: string; obligationId: string; figures?: Figure[]; statedGrade?: Grade },
    when: When,
    actorId = DUTY_OFFICER,
  ): Fact {
    return this.add(
      FlashReportSent,
      {
        reportId: o.reportId,
        obligationId: o.obligationId,
        incidentId: this.incidentId,
        method: 'paper',
        recipientOrgUnitId: CITY,
        sentAt: at(when),
        summary: '宜良县某路段塌陷，已有中央媒体关注。',
        ...(o.figures ? { figures: o.figures } : {}),
        ...(o.statedGrade ? { statedGrade: o.statedGrade } : {}),
      },
      { at: when, actorId },
    );
  }

  bulletinSubmitted(
    o: { bulletinId: string; obligationId: string; body: string; figures?: Figure[]; statedGrade?: Grade },
    when: When,
    actorId = DUTY_OFFICER,
  ): Fact {
    return this.add(
      BulletinSubmitted,
      {
        bulletinId: o.bulletinId,
        obligationId: o.obligationId,
        incidentId: this.incidentId,
        title: '网上舆情：某路段塌陷',
        body: o.body,
        recipientOrgUnitId: CITY,
        signOffWaitUntil: at(typeof when === 'number' ? when + 120 : when),
        ...(o.figures ? { figures: o.figures } : {}),
        ...(o.statedGrade ? { statedGrade: o.statedGrade } : {}),
      },
      { at: when, actorId },
    );
  }

  /** The obligation met by the report at `when`, on time when by its deadline (as reporting measures it). */
  obligationFulfilled(
    o: { obligationId: string; kind: ReportKind; reportId: string; due: When },
    when: When,
  ): Fact {
    return this.add(
      ReportingObligationFulfilled,
      {
        obligationId: o.obligationId,
        incidentId: this.incidentId,
        kind: o.kind,
        reportId: o.reportId,
        fulfilledAt: at(when),
        dueAt: at(o.due),
        onTime: Date.parse(at(when)) <= Date.parse(at(o.due)),
      },
      { at: when },
    );
  }

  reportOverdue(o: { obligationId: string; kind: ReportKind; due: When }): Fact {
    return this.add(
      ReportOverdue,
      {
        obligationId: o.obligationId,
        incidentId: this.incidentId,
        kind: o.kind,
        dueAt: at(o.due),
        ruleSetVersion: 'reporting-rules@2026-01',
      },
      { at: o.due },
    );
  }

  obligationCancelled(
    o: {
      obligationId: string;
      kind: ReportKind;
      reason?: DataOf<typeof ReportingObligationCancelled>['reason'];
    },
    when: When,
  ): Fact {
    return this.add(
      ReportingObligationCancelled,
      {
        obligationId: o.obligationId,
        incidentId: this.incidentId,
        kind: o.kind,
        reason: o.reason ?? 'grade-changed',
        ruleSetVersion: 'reporting-rules@2026-01',
        causeEventId: 'judgement-1',
      },
      { at: when },
    );
  }

  obligationReopened(o: { obligationId: string; kind: ReportKind; due: When }, when: When): Fact {
    return this.add(
      ReportingObligationReopened,
      {
        obligationId: o.obligationId,
        incidentId: this.incidentId,
        kind: o.kind,
        reason: 'judged-genuine',
        causeEventId: 'judgement-2',
        cancelledBy: 'judgement-1',
        dueAt: at(o.due),
      },
      { at: when },
    );
  }

  handlingCompleted(when: When): Fact {
    return this.add(HandlingCompleted, { incidentId: this.incidentId, completedAt: at(when) }, { at: when });
  }

  // ---- reporting: transfers (转办) and follow-up tasks (督办) ----

  transferOwed(o: { transferId: string; from?: string; to?: string; transferred: When; due: When }): Fact {
    return this.add(
      TransferResponseOwed,
      {
        transferId: o.transferId,
        fromOrgUnitId: o.from ?? CITY,
        receivingOrgUnitId: o.to ?? this.orgUnit,
        transferReference: 'KMWX-2026-17',
        title: '网民反映某小区停水三天',
        transferredAt: at(o.transferred),
        dueAt: at(o.due),
        reminderLeadMinutes: [240],
        ruleSetVersion: 'reporting-rules@2026-01',
      },
      { at: o.transferred },
    );
  }

  transferAnswered(
    o: { transferId: string; from?: string; to?: string; due: When },
    when: When,
    actorId = DUTY_OFFICER,
  ): Fact {
    return this.add(
      TransferAnswered,
      {
        transferId: o.transferId,
        fromOrgUnitId: o.from ?? CITY,
        receivingOrgUnitId: o.to ?? this.orgUnit,
        answer: '已协调自来水公司恢复供水，并在论坛回复网民。',
        resolution: 'resolved',
        answeredAt: at(when),
        dueAt: at(o.due),
        onTime: Date.parse(at(when)) <= Date.parse(at(o.due)),
      },
      { at: when, actorId },
    );
  }

  transferOverdue(o: { transferId: string; from?: string; to?: string; due: When }): Fact {
    return this.add(
      TransferResponseOverdue,
      {
        transferId: o.transferId,
        fromOrgUnitId: o.from ?? CITY,
        receivingOrgUnitId: o.to ?? this.orgUnit,
        dueAt: at(o.due),
        ruleSetVersion: 'reporting-rules@2026-01',
      },
      { at: o.due },
    );
  }

  taskOpened(o: { taskId: string; assignee: string; due: When }, when: When): Fact {
    return this.add(
      FollowUpTaskOpened,
      {
        taskId: o.taskId,
        incidentId: this.incidentId,
        description: '落实领导批示，恢复供水并回应网民。',
        assigneeOrgUnitId: o.assignee,
        supervisorOrgUnitId: CITY,
        dueAt: at(o.due),
      },
      { at: when },
    );
  }

  taskCompleted(o: { taskId: string; assignee: string; due: When }, when: When, actorId?: string): Fact {
    return this.add(
      FollowUpTaskCompleted,
      {
        taskId: o.taskId,
        incidentId: this.incidentId,
        assigneeOrgUnitId: o.assignee,
        supervisorOrgUnitId: CITY,
        result: '已恢复供水，并在论坛回应网民。',
        evidence: [],
        completedAt: at(when),
        dueAt: at(o.due),
        onTime: Date.parse(at(when)) <= Date.parse(at(o.due)),
      },
      { at: when, orgUnit: o.assignee, ...(actorId ? { actorId } : {}) },
    );
  }

  taskOverdue(o: { taskId: string; assignee: string; due: When }): Fact {
    return this.add(
      FollowUpTaskOverdue,
      {
        taskId: o.taskId,
        incidentId: this.incidentId,
        assigneeOrgUnitId: o.assignee,
        supervisorOrgUnitId: CITY,
        dueAt: at(o.due),
        ruleSetVersion: 'reporting-rules@2026-01',
      },
      { at: o.due },
    );
  }

  // ---- ingestion ----

  /** An item captured at `when` by `orgUnit` (the county unless given). */
  itemCaptured(
    o: { itemId: string; url?: string; title?: string; text?: string; outlet?: string; orgUnit?: string },
    when: When,
  ): Fact {
    const url = o.url ?? `https://bbs.example.cn/thread/${o.itemId}`;
    return this.add(
      ItemCaptured,
      {
        itemId: o.itemId,
        url,
        platform: 'forum',
        reachTier: 'city-site',
        outlet: o.outlet ?? '宜良论坛',
        title: o.title ?? '某路段塌陷',
        text: o.text ?? '网友称某路段塌陷，暂无人员伤亡。',
        captureMethod: 'crawler',
        capturedAt: at(when),
        contentHash: 'a'.repeat(64),
        canonicalUrl: url,
        fingerprint: '0f3a9c2b7d4e1a65',
        matchedRules: [],
        matchedTerms: [],
        sentiment: { polarity: 'negative', score: -0.4, decidingWords: [] },
      },
      { at: when, orgUnit: o.orgUnit ?? this.orgUnit },
    );
  }

  incidentDetected(itemIds: string[], when: When): Fact {
    return this.add(
      IncidentDetected,
      {
        incidentId: this.incidentId,
        title: '某路段塌陷',
        itemIds,
        detectedAt: at(when),
        ruleSetVersion: 'clustering@2026-11',
      },
      { at: when },
    );
  }

  itemAttached(itemId: string, when: When): Fact {
    return this.add(
      ItemAttachedToIncident,
      { itemId, incidentId: this.incidentId, relation: 'repost', similarity: 0.9 },
      { at: when },
    );
  }

  itemVerified(
    o: { itemId: string; figures: Figure[]; orgUnit?: string },
    when: When,
    actorId = MONITOR,
  ): Fact {
    return this.add(
      ItemVerified,
      {
        itemId: o.itemId,
        incidentId: this.incidentId,
        accuracy: 'accurate',
        findings: '经现场核实。',
        evidence: [{ kind: 'item', id: o.itemId }],
        figures: o.figures,
      },
      { at: when, orgUnit: o.orgUnit ?? this.orgUnit, actorId },
    );
  }

  /** A higher unit transferred an item down to this unit (转办); the item is recorded here as `itemId`. */
  itemTransferredIn(o: { itemId: string; from?: string; url?: string }, when: When): Fact {
    return this.add(
      ItemTransferredIn,
      {
        itemId: o.itemId,
        fromOrgUnitId: o.from ?? CITY,
        transferReference: 'KMWX-2026-18',
        ...(o.url ? { url: o.url } : {}),
        title: '某路段塌陷',
        transferredAt: at(when),
        respondBy: at(typeof when === 'number' ? when + 24 * 60 : when),
      },
      { at: when },
    );
  }

  // ---- guidance ----

  guidanceProposed(proposalId: string, when: When): Fact {
    return this.add(
      OnlineGuidanceProposed,
      {
        proposalId,
        incidentId: this.incidentId,
        incidentLevel: 'level-2',
        approverUnit: CITY,
        wording: '以官方通报为准，不传谣、不信谣。',
        platforms: ['微博'],
      },
      { at: when },
    );
  }

  guidanceTaskOverdue(o: { proposalId: string; taskId: string; commentatorId: string; due: When }): Fact {
    return this.add(
      GuidanceTaskOverdue,
      {
        proposalId: o.proposalId,
        taskId: o.taskId,
        commentatorId: o.commentatorId,
        dueAt: at(o.due),
        ruleSetVersion: 'guidance-requests@1',
      },
      { at: o.due },
    );
  }

  unapprovedRelease(o: { itemId: string; captured: When; published?: When }): Fact {
    return this.add(
      UnapprovedReleaseDetected,
      {
        accountId: 'acct-yl',
        accountName: '宜良发布',
        itemId: o.itemId,
        url: 'https://weibo.com/yiliangfabu/5012345678',
        title: '关于某路段塌陷原因的说明',
        capturedAt: at(o.captured),
        ...(o.published !== undefined ? { publishedAt: at(o.published) } : {}),
        similarityThreshold: 0.6,
        ruleSetVersion: 'guidance-detection@1',
      },
      { at: o.captured },
    );
  }
}

/** when: the detector reads the scope's facts. */
export function detectWith(detector: Detector, facts: readonly Fact[], policy = POLICY): FindingDraft[] {
  return detector.detect(facts, policy);
}

/** The ids of the events a finding rests on, in its order. */
export const evidenceIds = (draft: FindingDraft): string[] => draft.evidence.map((e) => e.eventId);
