import { z } from 'zod';
import { defineEvent, type EventData } from '../define';
import { code, evidence, httpUrl, id, instant, line, list, ruleSetVersion, text } from '../fields';
import {
  IncidentDetected,
  IncidentHeatChanged,
  IncidentMergedInto,
  IncidentsMerged,
  IncidentSplit,
  ItemAttachedToIncident,
  ItemCaptured,
  ItemDetachedFromIncident,
  ItemDismissed,
} from './ingestion.events';
import { ReportOverdue } from './reporting.events';
import {
  category,
  grade,
  gradeLevel,
  gradeSeverity,
  gradingCriterion,
  releaseApprover,
  type Grade,
} from '../vocabulary';

// Grading (定级, 第三、四条) and assessment (研判, 第九至十一条): the system proposes a grade with its evidence and
// rule version; the grading authority (定级机关) confirms or overrides it; escalation and downgrade are new
// decisions with reasons, never edits. Published on yuqing.grading.events.v1.

const incidentId = id('The incident (舆情事件).');
const reason = text('Why (理由).', 2000);

/** Escalation must raise the grade and downgrade lower it; an event saying otherwise is not a fact we accept. */
function changesSeverity(direction: 'up' | 'down') {
  return (change: { from: Grade; to: Grade }, ctx: z.RefinementCtx) => {
    const delta = gradeSeverity(change.from) - gradeSeverity(change.to);
    if (direction === 'up' ? delta <= 0 : delta >= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: direction === 'up' ? 'must be more severe than `from`' : 'must be less severe than `from`',
      });
    }
  };
}

export const GradeProposed = defineEvent({
  context: 'grading',
  name: 'GradeProposed',
  version: 1,
  description:
    'The system proposed a grade (拟定级别) for an incident by the 第三条 rules, with its evidence.',
  data: z.object({
    incidentId,
    proposalId: id('The proposal, which a confirmation or override answers.'),
    grade,
    criteria: list(gradingCriterion, 12, 'The 第三条 conditions that matched.').min(1),
    evidence: evidence('Items and events (heat, reach, earlier grades) the proposal rests on.').min(1),
    ruleSetVersion,
    rationale: text('Explanation for the grading authority.', 2000).optional(),
  }),
});

export const GradeConfirmed = defineEvent({
  context: 'grading',
  name: 'GradeConfirmed',
  version: 1,
  description: 'The grading authority (定级机关) confirmed the proposed grade (确认定级, 第四条).',
  data: z.object({
    incidentId,
    proposalId: id('The proposal confirmed.'),
    grade,
    note: text('Remarks of the grading authority.', 2000).optional(),
  }),
});

export const GradeOverridden = defineEvent({
  context: 'grading',
  name: 'GradeOverridden',
  version: 1,
  description:
    'The grading authority (定级机关) set a different grade than proposed (改定级别), with the reason.',
  data: z
    .object({
      incidentId,
      proposalId: id('The proposal overridden.'),
      proposedGrade: grade.describe('The grade that was proposed.'),
      grade: grade.describe('The grade set instead.'),
      reason,
    })
    .refine((e) => gradeSeverity(e.grade) !== gradeSeverity(e.proposedGrade), {
      message: 'must differ from `proposedGrade` (a confirmation is GradeConfirmed)',
      path: ['grade'],
    }),
});

export const GradeEscalated = defineEvent({
  context: 'grading',
  name: 'GradeEscalated',
  version: 1,
  description:
    'An incident was escalated (升级) to a more severe grade, e.g. a 三级 grown through poor handling.',
  data: z
    .object({
      incidentId,
      from: grade.describe('The grade before.'),
      to: grade.describe('The more severe grade.'),
      trigger: z
        .enum([
          'grew-through-poor-handling',
          'heat-rose',
          'wider-reach',
          'new-evidence',
          'authority-decision',
        ])
        .describe('处置不当升级 / 热度上升 / 传播层级扩大 / 新证据 / 定级机关决定.'),
      reason,
      evidence: evidence('Items and events the escalation rests on.'),
      ruleSetVersion: ruleSetVersion.optional(),
    })
    .superRefine(changesSeverity('up')),
});

export const GradeDowngraded = defineEvent({
  context: 'grading',
  name: 'GradeDowngraded',
  version: 1,
  description: 'An incident was downgraded (降级) to a less severe grade, with the reason.',
  data: z
    .object({
      incidentId,
      from: grade.describe('The grade before.'),
      to: grade.describe('The less severe grade.'),
      reason,
      evidence: evidence('Items and events the downgrade rests on.'),
      ruleSetVersion: ruleSetVersion.optional(),
    })
    .superRefine(changesSeverity('down')),
});

export const IncidentCategorised = defineEvent({
  context: 'grading',
  name: 'IncidentCategorised',
  version: 1,
  description:
    'An incident was categorised (分类), e.g. 民生民利 or 环境卫生; the first category is the main one.',
  data: z.object({
    incidentId,
    categories: list(category, 8, 'Categories, main one first.')
      .min(1)
      .refine((c) => new Set(c).size === c.length, { message: 'categories must not repeat' }),
  }),
});

// 研判 is held 迅速 on receipt (篇一二(三)), so it may go by the open proposal before the grade is confirmed.
const assessmentGradeBasis = z
  .enum(['in-force', 'proposed'])
  .describe(
    'The grade it went by: `in-force` = the confirmed grade; `proposed` = the open proposal, not yet confirmed. ' +
      'Absent on events before this field: in force.',
  );

/** Marks a 一级 measure taken for a 二级 incident (二级 可参照一级舆情处置办法, 第十七条). */
const byReferenceToLevel1 = z
  .literal(true)
  .describe('Set when taken for a 二级 incident by reference to the 一级 measures (参照一级, 第十七条).');

export const AssessmentConvened = defineEvent({
  context: 'grading',
  name: 'AssessmentConvened',
  version: 1,
  description: 'An assessment (研判) was convened in the form the grade requires (第九至十一条).',
  data: z.object({
    assessmentId: id('The assessment.'),
    incidentId,
    level: gradeLevel.describe('The grade level it is held for.'),
    format: z
      .enum(['joint-meeting', 'leading-group-with-department', 'office-notice'])
      .describe(
        'joint-meeting = 领导小组与上级党委联席会议 (L1); leading-group-with-department = 领导小组与部门研判 (L2); ' +
          'office-notice = 办公室通知部门处置 (L3).',
      ),
    participantOrgUnitIds: list(id('An org unit.'), 50, 'Org units taking part.'),
    scheduledFor: instant('When it meets.'),
    gradeBasis: assessmentGradeBasis.optional(),
    proposalId: id(
      'The open proposal whose grade it was held for (when `gradeBasis` is `proposed`).',
    ).optional(),
  }),
});

export const AssessmentConcluded = defineEvent({
  context: 'grading',
  name: 'AssessmentConcluded',
  version: 1,
  description: 'An assessment (研判) concluded: the nature (定性), trend and risks of the incident.',
  data: z.object({
    assessmentId: id('The assessment.'),
    incidentId,
    nature: text('Its nature (性质); characterise with care (谨慎定性).', 2000),
    trend: z
      .enum(['rising', 'steady', 'subsiding', 'uncertain'])
      .describe('Expected trend (走势): 上升 / 平稳 / 回落 / 不明.'),
    risks: list(line('A risk.', 500), 20, 'Risks identified (风险点).'),
    conclusion: text('The conclusion (研判结论).', 4000),
    gradeBasis: assessmentGradeBasis.optional(),
  }),
});

const measure = z
  .object({
    description: text('What is to be done.', 2000),
    responsibleOrgUnitId: id('The org unit responsible (责任单位).'),
    dueAt: instant('By when, if set.').optional(),
  })
  .describe('A handling measure (处置措施).');

export const HandlingPlanAdopted = defineEvent({
  context: 'grading',
  name: 'HandlingPlanAdopted',
  version: 1,
  description:
    'A handling plan (处置方案) was adopted; handling and release authority are granted together (三同步).',
  data: z.object({
    planId: id('The plan.'),
    incidentId,
    assessmentId: id('The assessment it came from.').optional(),
    summary: text('The plan in brief.', 4000),
    measures: list(measure, 50, 'Measures, each with who is responsible.').min(1),
    releaseApprover: releaseApprover.describe('Who approves releases for this incident (第二十一条).'),
    releaseApproverOrgUnitId: id(
      'The city bureau department consulted when `releaseApprover` is `city-bureau-department` (商请市局有关部门, 第二十一条).',
    ).optional(),
  }),
});

export const SpecialTeamFormed = defineEvent({
  context: 'grading',
  name: 'SpecialTeamFormed',
  version: 1,
  description:
    'A special team (处置专班) was formed for a level-1 incident (or a level-2 one by reference, 第十七条); it approves its releases.',
  data: z.object({
    teamId: id('The team.'),
    incidentId,
    name: line('The team name.', 200),
    leaderUserId: id('The team leader.'),
    memberUserIds: list(id('A member.'), 100, 'Members.'),
    memberOrgUnitIds: list(id('An org unit.'), 50, 'Org units taking part.'),
    remit: text('What the team is to do.', 2000).optional(),
    byReferenceToLevel1: byReferenceToLevel1.optional(),
  }),
});

export const EmergencyPlanActivated = defineEvent({
  context: 'grading',
  name: 'EmergencyPlanActivated',
  version: 1,
  description: 'An emergency plan (应急预案) was activated for an incident.',
  data: z.object({
    incidentId,
    emergencyPlanId: id('The emergency plan.'),
    emergencyPlanVersion: code('The version of the plan activated.'),
    reason,
    byReferenceToLevel1: byReferenceToLevel1.optional(),
  }),
});

/** Where a received fact came from: the original event, which evidence and causation cite by its id. */
const factOrigin = {
  eventId: id('The original event.'),
  schemaVersion: z.number().int().min(1).describe('Its schema version.'),
  streamId: id('Its stream in the publishing context.'),
  source: line('Its CloudEvents source, e.g. `/yuqing/ingestion`.', 200),
  occurredAt: instant('When its context recorded it.'),
};

function fact<T extends string, D extends z.ZodObject>(type: T, data: D) {
  return z.object({ type: z.literal(type), data, ...factOrigin });
}

/**
 * What grading keeps of each fact of another context it grades on: the fields the 第三条 rules read, not the
 * item's text or author (the grading topic does not republish captured content).
 */
const receivedFact = z.discriminatedUnion('type', [
  fact(
    ItemCaptured.type,
    ItemCaptured.schema.pick({ itemId: true, reachTier: true, outlet: true, platform: true }).extend({
      title: line('The item title, for the evidence list.', 500).optional(),
      url: httpUrl('Where it was published, for the evidence list.').optional(),
      sentiment: z
        .object({ polarity: z.enum(['negative', 'neutral', 'positive']).describe('负面 / 中性 / 正面.') })
        .optional(),
    }),
  ),
  fact(
    IncidentDetected.type,
    IncidentDetected.schema.pick({
      incidentId: true,
      title: true,
      itemIds: true,
      detectedAt: true,
      splitFromIncidentId: true,
    }),
  ),
  // The relation is ingestion's own enum (attachmentRelation), so a new kind of attachment is received as it is.
  fact(
    ItemAttachedToIncident.type,
    ItemAttachedToIncident.schema.pick({
      itemId: true,
      incidentId: true,
      relation: true,
      movedFromIncidentId: true,
    }),
  ),
  // A monitor's corrections of clustering (改归, 合并, 拆分): which items left or joined, and why.
  fact(
    ItemDetachedFromIncident.type,
    ItemDetachedFromIncident.schema.pick({
      itemId: true,
      incidentId: true,
      movedToIncidentId: true,
      reason: true,
    }),
  ),
  fact(
    IncidentsMerged.type,
    IncidentsMerged.schema.pick({
      incidentId: true,
      mergedIncidentId: true,
      itemIds: true,
      mergedDetectedAt: true,
      reason: true,
    }),
  ),
  fact(
    IncidentMergedInto.type,
    IncidentMergedInto.schema.pick({ incidentId: true, intoIncidentId: true, itemIds: true, reason: true }),
  ),
  fact(
    IncidentSplit.type,
    IncidentSplit.schema.pick({ incidentId: true, newIncidentId: true, itemIds: true, reason: true }),
  ),
  fact(
    IncidentHeatChanged.type,
    IncidentHeatChanged.schema.pick({
      incidentId: true,
      heatIndex: true,
      previousHeatIndex: true,
      itemCount: true,
      widestReach: true,
      measuredAt: true,
    }),
  ),
  fact(ItemDismissed.type, ItemDismissed.schema.pick({ itemId: true, incidentId: true, reason: true })),
  fact(
    ReportOverdue.type,
    ReportOverdue.schema.pick({
      obligationId: true,
      incidentId: true,
      kind: true,
      dueAt: true,
      ruleSetVersion: true,
    }),
  ),
]);

/** A fact as grading keeps it. */
export type ReceivedFact = z.infer<typeof receivedFact>;

export const FactReceived = defineEvent({
  context: 'grading',
  name: 'FactReceived',
  version: 1,
  description:
    'Grading received a fact (定级依据) of another context that the grade rests on (an item and its reach, the incident ' +
    'it joined, heat, a missed deadline, a monitor moving items, merging or splitting incidents), recorded in the ' +
    'incident’s grading stream in the order received, so a ' +
    'replay from zero decides exactly as the service did. Evidence cites the original event id.',
  data: z.object({ incidentId, fact: receivedFact }),
});

export const GenuinenessJudged = defineEvent({
  context: 'grading',
  name: 'GenuinenessJudged',
  version: 1,
  description:
    'The incident was judged genuine public opinion (网络舆情) or 伪舆情 (fabricated or organised rumour, ' +
    '篇二 四(四)1), with the basis of the judgement; a 伪舆情 incident gets no further automatic proposals.',
  data: z.object({
    incidentId,
    verdict: z.enum(['genuine', 'fabricated']).describe('genuine = 网络舆情; fabricated = 网络伪舆情.'),
    basis: text('The basis of the judgement (判断依据).', 4000),
    evidence: evidence('Items and events the judgement rests on.', 50),
  }),
});

export const MergedIncidentGradeNoted = defineEvent({
  context: 'grading',
  name: 'MergedIncidentGradeNoted',
  version: 1,
  description:
    'An incident merged into this one (合并) had a grade in force (原定级别): it is noted in this incident’s history, ' +
    'and no proposal for this incident goes below it without the authority deciding (a proposal cites it).',
  data: z.object({
    incidentId: id('The incident that remains (the merge’s survivor).'),
    mergedIncidentId: id('The incident merged into it, closed since.'),
    grade: grade.describe('The grade in force of the merged incident when it was merged.'),
    gradedBy: z
      .enum(['confirmed', 'overridden', 'escalated', 'downgraded'])
      .describe('How that grade came into force: 确认 / 改定 / 升级 / 降级.'),
    gradeEventId: id('The decision that put it in force, in the merged incident’s grading stream.'),
  }),
});

/** Every grading event, in catalogue order. */
/**
 * The decisions that put a grade in force (定级): the authority's confirmation or override, and an escalation or
 * downgrade. One definition for every context that asks which grade an incident is in force at.
 */
export const GRADE_IN_FORCE_TYPES: readonly string[] = [
  GradeConfirmed.type,
  GradeOverridden.type,
  GradeEscalated.type,
  GradeDowngraded.type,
];

/** How a decision put its grade in force: `confirmed`, `overridden`, `escalated` or `downgraded`. */
export type GradeDecision = 'confirmed' | 'overridden' | 'escalated' | 'downgraded';

/**
 * The grade an event puts in force and how, or undefined for an event that puts none (a proposal, a fact).
 * Confirmations and overrides name the grade, escalations and downgrades the grade they lead `to`.
 */
export function gradeInForce(event: {
  readonly type: string;
  readonly data: unknown;
}): { readonly grade: Grade; readonly by: GradeDecision } | undefined {
  switch (event.type) {
    case GradeConfirmed.type:
      return { grade: (event.data as EventData<typeof GradeConfirmed>).grade, by: 'confirmed' };
    case GradeOverridden.type:
      return { grade: (event.data as EventData<typeof GradeOverridden>).grade, by: 'overridden' };
    case GradeEscalated.type:
      return { grade: (event.data as EventData<typeof GradeEscalated>).to, by: 'escalated' };
    case GradeDowngraded.type:
      return { grade: (event.data as EventData<typeof GradeDowngraded>).to, by: 'downgraded' };
    default:
      return undefined;
  }
}

export const gradingEvents = [
  GradeProposed,
  GradeConfirmed,
  GradeOverridden,
  GradeEscalated,
  GradeDowngraded,
  IncidentCategorised,
  AssessmentConvened,
  AssessmentConcluded,
  HandlingPlanAdopted,
  SpecialTeamFormed,
  EmergencyPlanActivated,
  FactReceived,
  GenuinenessJudged,
  MergedIncidentGradeNoted,
] as const;
