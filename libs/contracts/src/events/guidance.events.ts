import { z } from 'zod';
import { defineEvent } from '../define';
import { code, figure, httpUrl, id, instant, line, list, ruleSetVersion, text } from '../fields';
import { grade, gradeLevel, releaseApprover } from '../vocabulary';

// Guidance (处置与引导, 第十六至二十五条, 篇一二(四)): one response per incident (stream guidance-response-<incidentId>):
// the response plan arranged together with the handling plan (三同步), the wording (口径) in versions, and the
// releases approved at the level the grade requires (第二十一条) before they are published. The org unit in each
// event's envelope is the incident's. Published on yuqing.guidance.events.v1.

const incidentId = id('The incident (舆情事件) the response belongs to.');
const wordingId = id('The wording (口径).');
const releaseId = id('The release.');
const reason = text('Why (理由).', 2000);

/** Where a fact of a wording comes from: the decision of another context it rests on (统一事实). */
export const wordingFactSource = z
  .object({
    kind: z
      .enum(['verification', 'assessment', 'handling-result', 'report'])
      .describe('核实 verification; 研判 assessment; 处置结果 handling-result; 报送 report.'),
    eventId: id('The event that established it.'),
  })
  .describe('The source of a fact.');

export const wordingFact = z
  .object({
    statement: text('The fact as the wording states it (速报事实).', 2000),
    source: wordingFactSource,
  })
  .describe('One fact of the wording, with its source.');

/**
 * A figure the wording states (统一数据); a release must state exactly these. The shared `figure` of the fields, kept
 * under this name for the code that imports it.
 */
export const wordingFigure = figure;

/** 统一出口: who speaks, and where. */
export const wordingOutlet = z
  .object({
    name: line('The body that speaks, e.g. 宜良县交通运输局.', 200),
    channel: line('Where it speaks, e.g. 宜良交通 official Weibo.', 200),
    orgUnitId: id('Its org unit, when it is one of the tree.').optional(),
  })
  .describe('The outlet that speaks (统一出口).');

/** The kinds of release (第二十二至二十四条, 篇一二(四)). */
export const RELEASE_KINDS = [
  'forum-reply',
  'message-board-reply',
  'news-release',
  'weibo-post',
  'wechat-post',
  'press-statement',
  'progress-explanation',
] as const;
export const releaseKind = z
  .enum(RELEASE_KINDS)
  .describe(
    '论坛回帖 forum-reply; 留言板回复 message-board-reply; 新闻通稿 news-release; 政务微博 weibo-post; 微信公众号 ' +
      'wechat-post; 新闻发布/声明 press-statement; 进展说明 progress-explanation (an item that cannot be resolved soon, ' +
      '篇一二(四)).',
  );
export type ReleaseKind = z.infer<typeof releaseKind>;

/** Who drafts the wording: the incident's unit and the roles there (三同步). */
const drafter = z
  .object({
    orgUnitId: id('The unit that drafts.'),
    roles: list(line('A role, e.g. spokesperson.', 50), 10, 'The roles that draft there.').min(1),
  })
  .describe('Who drafts the wording (口径起草).');

const channels = list(
  line('A channel, e.g. 县政府网站 / 宜良发布 Weibo.', 200),
  20,
  'Where releases go out.',
);

const approvers = list(releaseApprover, 5, 'Who may approve a release at this grade (第二十一条).');

export const ResponseGradeNoted = defineEvent({
  context: 'guidance',
  name: 'ResponseGradeNoted',
  version: 1,
  description:
    'Grading put a grade in force (定级/升级/降级) for the incident; its releases are approved at that level (第二十一条).',
  data: z.object({
    incidentId,
    grade,
    gradedBy: z
      .enum(['confirmed', 'overridden', 'escalated', 'downgraded'])
      .describe('How it came into force.'),
    gradeEventId: id('The grading decision.'),
  }),
});

export const ResponsePlanOpened = defineEvent({
  context: 'guidance',
  name: 'ResponsePlanOpened',
  version: 1,
  description:
    'The incident’s response plan was opened together with its handling (三同步, 第十六条): who drafts the wording, ' +
    'the channels, and the first-response deadline of the policy.',
  data: z.object({
    incidentId,
    openedBy: z
      .object({
        kind: z
          .enum(['handling-plan', 'special-team', 'arrangement'])
          .describe('处置方案 adopted, 处置专班 formed, or arranged by the office by hand.'),
        eventId: id('The grading event, when one opened it.').optional(),
      })
      .describe('What opened it.'),
    level: gradeLevel.optional().describe('The grade level in force when it opened, when known.'),
    drafter,
    channels,
    firstResponseDueAt: instant(
      'When the first public response is due (policy), when a grade is known.',
    ).optional(),
    firstResponseRemindAt: instant(
      'When the office is reminded of the first response (policy: a share of the window before it).',
    ).optional(),
    ruleSetVersion,
  }),
});

export const ResponseArranged = defineEvent({
  context: 'guidance',
  name: 'ResponseArranged',
  version: 1,
  description:
    'The office arranged the response by hand (人工安排): drafter, channels, first-response deadline.',
  data: z.object({
    incidentId,
    drafter,
    channels,
    firstResponseDueAt: instant('When the first public response is due.').optional(),
    firstResponseRemindAt: instant('When the office is reminded of the first response.').optional(),
    reason: reason.optional(),
  }),
});

export const ReleaseAuthorityGranted = defineEvent({
  context: 'guidance',
  name: 'ReleaseAuthorityGranted',
  version: 1,
  description:
    'Release authority was granted with the handling plan (三同步): who approves the incident’s releases (第二十一条).',
  data: z.object({
    incidentId,
    planId: id('The handling plan (grading).'),
    planEventId: id('The HandlingPlanAdopted event.'),
    releaseApprover,
    releaseApproverOrgUnitId: id('The city bureau department consulted (商请市局有关部门).').optional(),
  }),
});

export const SpecialTeamNoted = defineEvent({
  context: 'guidance',
  name: 'SpecialTeamNoted',
  version: 1,
  description:
    'A special team (处置专班) was formed for the incident: its leader and members approve releases.',
  data: z.object({
    incidentId,
    teamId: id('The team (grading).'),
    teamEventId: id('The SpecialTeamFormed event.'),
    leaderUserId: id('The team leader.'),
    memberUserIds: list(id('A member.'), 100, 'Members.'),
  }),
});

export const ResponseArrangementGapRecorded = defineEvent({
  context: 'guidance',
  name: 'ResponseArrangementGapRecorded',
  version: 1,
  description:
    'The release arrangement of a handling plan is missing or does not fit the grade in force (第二十一条): recorded, ' +
    'not silently accepted.',
  data: z.object({
    incidentId,
    gap: z
      .enum([
        'no-grade-in-force',
        'approver-does-not-fit-grade',
        'city-bureau-department-unnamed',
        'special-team-not-formed',
      ])
      .describe('What is missing or does not fit.'),
    detail: text('What was found, for the office.', 2000),
    level: gradeLevel.optional(),
    releaseApprover: releaseApprover.optional(),
    causeEventId: id('The grading event it was found in.'),
    ruleSetVersion,
  }),
});

export const WordingDrafted = defineEvent({
  context: 'guidance',
  name: 'WordingDrafted',
  version: 1,
  description:
    'A version of the wording (口径) was drafted: facts with their sources, figures, the text and the outlet ' +
    '(统一事实、统一数据、统一口径、统一出口). Each revision is a new version; every version is kept.',
  data: z.object({
    incidentId,
    wordingId,
    version: z.number().int().min(1).describe('1, 2, … in order of drafting.'),
    facts: list(wordingFact, 50, 'The facts (统一事实).').min(1),
    figures: list(wordingFigure, 50, 'The figures (统一数据).'),
    text: text('The wording (口径).', 10_000),
    outlet: wordingOutlet,
    statesCause: z.boolean().describe('It states a cause (慎报原因): approval needs explicit assent.'),
    characterises: z
      .boolean()
      .describe('It characterises the incident (谨慎定性): approval needs explicit assent.'),
  }),
});

export const WordingApproved = defineEvent({
  context: 'guidance',
  name: 'WordingApproved',
  version: 1,
  description: 'A version of the wording was approved by the role the grade requires (第二十一条).',
  data: z.object({
    incidentId,
    wordingId,
    version: z.number().int().min(1).describe('The version approved.'),
    approvedAs: releaseApprover,
    level: gradeLevel,
    assentToCause: z
      .literal(true)
      .optional()
      .describe('The approver assents to the cause it states (慎报原因).'),
    assentToCharacterisation: z
      .literal(true)
      .optional()
      .describe('The approver assents to its characterisation (谨慎定性).'),
    ruleSetVersion,
  }),
});

export const WordingRefused = defineEvent({
  context: 'guidance',
  name: 'WordingRefused',
  version: 1,
  description: 'A version of the wording was refused (不予批准), with the reason.',
  data: z.object({
    incidentId,
    wordingId,
    version: z.number().int().min(1).describe('The version refused.'),
    refusedAs: releaseApprover,
    reason,
  }),
});

export const ReleasePrepared = defineEvent({
  context: 'guidance',
  name: 'ReleasePrepared',
  version: 1,
  description:
    'A release (发布稿) was prepared from one approved wording version, with its text and figures; it awaits approval at ' +
    'the level the grade requires.',
  data: z.object({
    incidentId,
    releaseId,
    kind: releaseKind,
    channel: line('Where it goes out.', 200),
    wordingId,
    wordingVersion: z.number().int().min(1).describe('The approved version it cites.'),
    text: text('The release text.', 10_000),
    figures: list(wordingFigure, 50, 'The figures it states: those of the version.'),
    whyNotYetResolved: text('篇一二(四): why the matter cannot be resolved soon.', 4000).optional(),
    requiredApprovers: approvers,
  }),
});

export const ReleaseApprovalRequirementChanged = defineEvent({
  context: 'guidance',
  name: 'ReleaseApprovalRequirementChanged',
  version: 1,
  description:
    'The grade changed (升级/降级): releases not yet approved now need the approver of the new grade (第二十一条).',
  data: z.object({
    incidentId,
    releaseIds: list(releaseId, 200, 'The releases awaiting approval.').min(1),
    from: z.object({ level: gradeLevel, approvers }).describe('What was required.'),
    to: z.object({ level: gradeLevel, approvers }).describe('What is required now.'),
    gradeEventId: id('The grading decision that changed it.'),
    ruleSetVersion,
  }),
});

export const ReleaseApproved = defineEvent({
  context: 'guidance',
  name: 'ReleaseApproved',
  version: 1,
  description: 'The release was approved by the role its grade requires (第二十一条).',
  data: z.object({
    incidentId,
    releaseId,
    approvedAs: releaseApprover,
    level: gradeLevel,
    ruleSetVersion,
  }),
});

export const ReleaseRefused = defineEvent({
  context: 'guidance',
  name: 'ReleaseRefused',
  version: 1,
  description: 'The release was refused (不予批准), with the reason.',
  data: z.object({ incidentId, releaseId, refusedAs: releaseApprover, reason }),
});

export const ReleasePublished = defineEvent({
  context: 'guidance',
  name: 'ReleasePublished',
  version: 1,
  description: 'An approved release was published (发布), with where and when.',
  data: z.object({
    incidentId,
    releaseId,
    kind: releaseKind,
    channel: line('Where it went out.', 200),
    url: httpUrl('Where it is published.'),
    publishedAt: instant('When it was published.'),
    text: text('The text published.', 10_000),
    wordingId,
    wordingVersion: z.number().int().min(1).describe('The approved wording version it cites.'),
  }),
});

export const ReleasePublicationRefused = defineEvent({
  context: 'guidance',
  name: 'ReleasePublicationRefused',
  version: 1,
  description:
    'Publishing a release was refused (拒绝发布): it lacked the approval its grade requires or cited a superseded ' +
    'wording (第二十一条, 第二十八条). The attempt is recorded with who made it, for the review.',
  data: z.object({
    incidentId,
    releaseId,
    rule: code('The rule that refused it, e.g. `guidance.release-not-approved`.'),
    reason: text('Why, as the caller was told.', 2000),
    field: code('The field at fault, when one is.').optional(),
    url: httpUrl('Where the caller said it was published.'),
  }),
});

/** What a first-response event says of the deadline and the plan it belongs to (速报事实: the first release). */
const firstResponse = {
  incidentId,
  dueAt: instant('When the first public response is (or was) due.'),
  planId: id('The handling plan (grading) the response plan was opened with, when one.').optional(),
  level: gradeLevel.optional().describe('The grade level in force, when known.'),
};

export const FirstResponseDeadlineChanged = defineEvent({
  context: 'guidance',
  name: 'FirstResponseDeadlineChanged',
  version: 1,
  description:
    'A grade put in force set the first-response deadline (定级 after a plan opened without one) or brought it ' +
    'forward (升级: the new grade’s window from the escalation, when it ends earlier). A later deadline never ' +
    'replaces an earlier one here.',
  data: z.object({
    ...firstResponse,
    level: gradeLevel.describe('The grade level whose window it is.'),
    remindAt: instant('When the office is reminded.').optional(),
    previousDueAt: instant('The deadline it replaces, when there was one.').optional(),
    gradeEventId: id('The grading decision.'),
    ruleSetVersion,
  }),
});

export const FirstResponseReminderDue = defineEvent({
  context: 'guidance',
  name: 'FirstResponseReminderDue',
  version: 1,
  description:
    'No release of the incident is published yet and its first-response deadline is near (首次回应提醒).',
  data: z.object({
    ...firstResponse,
    minutesRemaining: z.number().int().min(0).describe('Whole minutes left at the reminder.'),
  }),
});

export const FirstResponseOverdue = defineEvent({
  context: 'guidance',
  name: 'FirstResponseOverdue',
  version: 1,
  description:
    'No release of the incident was published by its first-response deadline (首次回应逾期): guidance not done as ' +
    'required (第二十八条); the review sees it without a filing.',
  data: z.object({ ...firstResponse, ruleSetVersion }),
});

/** Every event of guidance's responses, in lifecycle order (the catalogue lists them). */
export const guidanceEvents = [
  ResponseGradeNoted,
  ResponsePlanOpened,
  ResponseArranged,
  ReleaseAuthorityGranted,
  SpecialTeamNoted,
  ResponseArrangementGapRecorded,
  WordingDrafted,
  WordingApproved,
  WordingRefused,
  ReleasePrepared,
  ReleaseApprovalRequirementChanged,
  ReleaseApproved,
  ReleaseRefused,
  ReleasePublished,
  ReleasePublicationRefused,
  FirstResponseDeadlineChanged,
  FirstResponseReminderDue,
  FirstResponseOverdue,
] as const;
