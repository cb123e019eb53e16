import { z } from 'zod';
import { defineEvent } from '../define';
import { httpUrl, id, instant, line, list, ruleSetVersion, text } from '../fields';
import { gradeLevel } from '../vocabulary';

// Guidance's requests (see docs/guidance.md). Published on yuqing.guidance.events.v1.
// Written requests (书面报告, 第十七、十八、十九、二十三、二十四、二十七条) on `guidance-request-<id>`, online
// guidance (网上舆论引导, 第二十二条) and its commentators' tasks on `guidance-online-<id>`. The org unit of every
// event is the unit that filed or proposed (the tenant); the addressed unit is in the payload.

const requestId = id('The written request.');
const proposalId = id('The online guidance proposal.');
const taskId = id('The guidance task (one per commentator).');
const orgUnitPath = (description: string) => id(description);

/** The kinds of written request, each with the article that asks for it. */
export const writtenRequestKind = z
  .enum([
    'city-coordination',
    'outside-media-coverage',
    'joint-media-campaign',
    'press-conference',
    'level-2-consultation',
  ])
  .describe(
    'city-coordination 请求市局协调 (第十八条) / outside-media-coverage 协调市外、省外媒体采访报道 (第十九条) / ' +
      'joint-media-campaign 统筹传统媒体、网络媒体引导 (第二十三条) / press-conference 新闻发布会 (第二十四、二十七条) / ' +
      'level-2-consultation 二级舆情征求处置意见 (第十七条).',
  );

export const WrittenRequestFiled = defineEvent({
  context: 'guidance',
  name: 'WrittenRequestFiled',
  version: 1,
  description:
    'A written request (书面报告) was filed with the unit it is addressed to; the document is kept as filed, the answer is due by `dueAt`.',
  data: z.object({
    requestId,
    kind: writtenRequestKind,
    incidentId: id('The incident it concerns, when it concerns one.').optional(),
    approverUnit: orgUnitPath(
      'The unit addressed, which approves or refuses (e.g. the city internet office).',
    ),
    approverRoles: list(line('A role.', 100), 10, 'The roles that may answer for the addressed unit.'),
    article: line('The article that asks for this request, e.g. 第十八条.', 100),
    subject: line('What the request is about.', 200),
    body: text('The request as the unit wrote it.', 8000),
    document: text('The written request as generated (Markdown), kept as filed.', 20000),
    dueAt: instant('When the answer is due.'),
    remindAt: instant('When the addressed unit is reminded, if not answered by then.').optional(),
    ruleSetVersion,
  }),
});

export const WrittenRequestReminderDue = defineEvent({
  context: 'guidance',
  name: 'WrittenRequestReminderDue',
  version: 1,
  description: 'A written request is still unanswered near its deadline (提醒).',
  data: z.object({
    requestId,
    kind: writtenRequestKind,
    dueAt: instant('When the answer is due.'),
    minutesRemaining: z.number().int().min(0).describe('Whole minutes left at the reminder.'),
  }),
});

export const WrittenRequestOverdue = defineEvent({
  context: 'guidance',
  name: 'WrittenRequestOverdue',
  version: 1,
  description:
    'A written request was not answered by its deadline (逾期); the review sees it without a filing.',
  data: z.object({
    requestId,
    kind: writtenRequestKind,
    dueAt: instant('The deadline that passed.'),
    ruleSetVersion,
  }),
});

export const WrittenRequestApproved = defineEvent({
  context: 'guidance',
  name: 'WrittenRequestApproved',
  version: 1,
  description: 'The addressed unit agreed to a written request (同意).',
  data: z.object({
    requestId,
    kind: writtenRequestKind,
    approverUnit: orgUnitPath('The unit that answered.'),
    note: text('What the approver adds (conditions, contacts).', 4000).optional(),
    late: z.boolean().describe('Answered after the deadline.'),
  }),
});

export const WrittenRequestRefused = defineEvent({
  context: 'guidance',
  name: 'WrittenRequestRefused',
  version: 1,
  description: 'The addressed unit refused a written request (不同意), with the reason; this closes it.',
  data: z.object({
    requestId,
    kind: writtenRequestKind,
    approverUnit: orgUnitPath('The unit that answered.'),
    reason: text('Why it was refused.', 4000),
    late: z.boolean().describe('Answered after the deadline.'),
  }),
});

export const WrittenRequestOutcomeRecorded = defineEvent({
  context: 'guidance',
  name: 'WrittenRequestOutcomeRecorded',
  version: 1,
  description:
    'What came of an approved written request (办理结果: e.g. the press conference held, the coverage arranged); this closes it.',
  data: z.object({
    requestId,
    kind: writtenRequestKind,
    outcome: text('What happened.', 8000),
    occurredAt: instant('When it happened, if not when recorded.').optional(),
  }),
});

export const OnlineGuidanceProposed = defineEvent({
  context: 'guidance',
  name: 'OnlineGuidanceProposed',
  version: 1,
  description:
    'A unit proposed guidance wording (引导口径) to the city bureau for online guidance (第二十二条).',
  data: z.object({
    proposalId,
    incidentId: id('The incident the guidance is for, when there is one.').optional(),
    incidentLevel: gradeLevel.optional().describe('The incident’s grade as the proposer stated it.'),
    approverUnit: orgUnitPath(
      'The unit that approves and directs the commentators (the city internet office).',
    ),
    wording: text('The guidance wording (引导口径).', 8000),
    platforms: list(line('A platform or site.', 200), 20, 'Where the guidance is to be carried out.'),
  }),
});

export const OnlineGuidanceApproved = defineEvent({
  context: 'guidance',
  name: 'OnlineGuidanceApproved',
  version: 1,
  description:
    'The city internet office approved the guidance wording and deployed commentators; `city-wide` when it deployed those of the whole city (一级, 第二十二条).',
  data: z.object({
    proposalId,
    approverUnit: orgUnitPath('The unit that approved and directs the commentators.'),
    deployment: z
      .enum(['unit', 'city-wide'])
      .describe(
        "unit: the proposing unit's own commentators; city-wide: the city's, deployed by the city office.",
      ),
    instructions: text('What the commentators are to do.', 4000).optional(),
    ruleSetVersion,
  }),
});

export const OnlineGuidanceRefused = defineEvent({
  context: 'guidance',
  name: 'OnlineGuidanceRefused',
  version: 1,
  description:
    'The city internet office refused the guidance wording (不同意), with the reason; this closes it.',
  data: z.object({
    proposalId,
    approverUnit: orgUnitPath('The unit that refused.'),
    reason: text('Why it was refused.', 4000),
  }),
});

export const GuidanceTaskAssigned = defineEvent({
  context: 'guidance',
  name: 'GuidanceTaskAssigned',
  version: 1,
  description: 'A guidance task went to an online commentator (网评员), to be reported back by `dueAt`.',
  data: z.object({
    proposalId,
    taskId,
    commentatorId: id('The commentator (user id).'),
    commentatorUnit: orgUnitPath('The unit the commentator serves in.'),
    dueAt: instant('When the task is to be reported back.'),
  }),
});

export const GuidanceTaskAcknowledged = defineEvent({
  context: 'guidance',
  name: 'GuidanceTaskAcknowledged',
  version: 1,
  description: 'The commentator acknowledged the guidance task (已接收).',
  data: z.object({ proposalId, taskId, commentatorId: id('The commentator (user id).') }),
});

export const GuidanceTaskReported = defineEvent({
  context: 'guidance',
  name: 'GuidanceTaskReported',
  version: 1,
  description: 'The commentator reported the task done (反馈): what was posted, where; this closes the task.',
  data: z.object({
    proposalId,
    taskId,
    commentatorId: id('The commentator (user id).'),
    posts: list(
      z.object({
        url: httpUrl('Where it was posted.'),
        platform: line('The platform or site.', 200).optional(),
      }),
      50,
      'What was posted, where.',
    ).min(1),
    summary: text('What was done.', 4000),
    late: z.boolean().describe('Reported after the due time.'),
  }),
});

export const GuidanceTaskOverdue = defineEvent({
  context: 'guidance',
  name: 'GuidanceTaskOverdue',
  version: 1,
  description: 'A guidance task was not reported back by its due time (逾期未反馈); the review counts it.',
  data: z.object({
    proposalId,
    taskId,
    commentatorId: id('The commentator (user id).'),
    dueAt: instant('The due time that passed.'),
    ruleSetVersion,
  }),
});

/** Every event of guidance's requests, in lifecycle order (the catalogue lists them). */
export const guidanceRequestEvents = [
  WrittenRequestFiled,
  WrittenRequestReminderDue,
  WrittenRequestOverdue,
  WrittenRequestApproved,
  WrittenRequestRefused,
  WrittenRequestOutcomeRecorded,
  OnlineGuidanceProposed,
  OnlineGuidanceApproved,
  OnlineGuidanceRefused,
  GuidanceTaskAssigned,
  GuidanceTaskAcknowledged,
  GuidanceTaskReported,
  GuidanceTaskOverdue,
] as const;
