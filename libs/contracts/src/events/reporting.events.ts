import { z } from 'zod';
import { defineEvent } from '../define';
import { code, figures, httpUrl, id, instant, line, list, ruleSetVersion, text } from '../fields';
import { grade, platform, reportKind } from '../vocabulary';

// Reporting (报送, 第十三至十五条; 篇一 二(二)): what must be reported, to whom and by when; the reports, sign-offs
// and acknowledgements; deadlines passing; and the notifications that chase them. Published on
// yuqing.reporting.events.v1.

const incidentId = id('The incident (舆情事件).');
const obligationId = id('The reporting obligation (报送任务).');

/**
 * What a flash report or bulletin states in structured form, beside its text: the figures and the grade it gives
 * the incident. Review compares them with what the unit had verified and the grade in force (谎报/瞒报). Optional
 * and last, so older reports stay valid; shared by the events and their commands.
 */
export const reportStatements = {
  figures: figures(
    'The figures the report states (报送的数据), e.g. 受伤人数 3 人; each name once.',
  ).optional(),
  statedGrade: grade
    .optional()
    .describe('The grade the report states the incident has (报告所称级别), when it states one.'),
};

/**
 * The structured sections of a 《网上舆情》 bulletin, as the document lays them out (docs/reporting.md). All optional:
 * added after `body`, which stays, so older bulletins and clients remain valid; the document falls back on `body`.
 * A command refuses unknown keys (`strict`); an event tolerates them, as every event payload does.
 */
export function bulletinSections(strict: boolean) {
  const object = strict ? z.strictObject : z.object;
  return {
    summary: text('舆情摘要: what is being said, where, and how far it has spread.', 4000).optional(),
    assessment: text('研判意见: the assessment of the opinion and where it may go.', 4000).optional(),
    suggestions: list(
      line('One suggestion.', 500),
      10,
      '处置建议: what the office suggests doing, one item each.',
    ).optional(),
    sources: list(
      object({
        outlet: line('来源: the outlet or account, e.g. 云南网.', 100),
        platform: platform.optional(),
        url: httpUrl('Where it was published (shown as text, never as a link).').optional(),
        publishedAt: instant('When it was published.').optional(),
      }),
      20,
      '信息来源: where the opinion appeared; the incident’s captured items when absent.',
    ).optional(),
    staff: object({
      editor: line('编辑.', 40).optional(),
      reviewer: line('审核.', 40).optional(),
      issuer: line('签发.', 40).optional(),
    })
      .describe('The 版记’s 编辑 / 审核 / 签发; a blank to fill in by hand when absent.')
      .optional(),
  };
}

const openReason = z
  .enum([
    'grade-in-force',
    'rose-while-unsigned',
    'leader-board-item',
    'handling-completed',
    'grade-proposed',
  ])
  .describe(
    'grade-proposed = 拟定一级 (a 一级 proposal not yet confirmed: the flash reports are owed from when the opinion ' +
      'arose, 第十三条; `provisional`); ' +
      'grade-in-force = 定级生效 (confirmed, overridden or escalated); rose-while-unsigned = 未签批后舆情升级，' +
      '再次上报; leader-board-item = 领导留言板舆情，转对口督办室; handling-completed = 处置完毕，总结上报.',
  );

const clockBasis = z
  .enum(['first-capture', 'first-publication', 'graded', 'rose', 'split', 'handling-completed', 'proposed'])
  .describe(
    'What started the clock: first-capture = 首次监测到; first-publication = 首次发布 (舆情发生); ' +
      'proposed = 拟定一级 (a 一级 proposal for an incident with a lower grade already in force); ' +
      'graded = 定级生效; rose = 舆情升级; split = 拆分另立 (the incident was split off another then, and its ' +
      'items had been captured before); handling-completed = 处置完毕 (the handling summary is owed from then).',
  );

const reminderLeadMinutes = list(
  z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
  5,
  'When reminders (报送提醒) are due, as minutes before the deadline.',
);

export const ReportingObligationOpened = defineEvent({
  context: 'reporting',
  name: 'ReportingObligationOpened',
  version: 1,
  description:
    'A reporting obligation (报送任务) was opened by the rules for a grade: what to report, to whom, by when.',
  data: z.object({
    obligationId,
    incidentId,
    kind: reportKind,
    grade: grade
      .describe(
        'The grade that opened it; absent for a leader message-board referral, owed whatever the grade.',
      )
      .optional(),
    reason: openReason,
    recipientOrgUnitId: id('Who must receive the report, e.g. the city bureau (市局).'),
    clockBasis,
    clockStartedAt: instant('When the clock started: for flash reports, when the opinion arose (舆情发生).'),
    dueAt: instant('The deadline (时限), e.g. clockStartedAt + 30 minutes for a phone flash report.'),
    reminderLeadMinutes,
    sourceItemId: id('The item it concerns, for a leader message-board referral (留言板).').optional(),
    ruleSetVersion,
    provisional: z
      .literal(true)
      .describe(
        'Opened on a 一级 proposal (拟定一级) before the grading authority confirmed it (第十三条: the 30 minutes run ' +
          'from when the opinion arose): ReportingObligationConfirmed makes it firm, a lower grade in force cancels it.',
      )
      .optional(),
  }),
});

export const ReportingObligationConfirmed = defineEvent({
  context: 'reporting',
  name: 'ReportingObligationConfirmed',
  version: 1,
  description:
    'A provisional reporting obligation (opened on a 一级 proposal) was made firm by the grade that came into force ' +
    '(确认定级): the same obligation, clock and deadline.',
  data: z.object({
    obligationId,
    incidentId,
    kind: reportKind,
    grade: grade.describe('The grade now in force.'),
    gradeEventId: id('The grading decision that put it in force.'),
    ruleSetVersion,
  }),
});

export const ReportingObligationReopened = defineEvent({
  context: 'reporting',
  name: 'ReportingObligationReopened',
  version: 1,
  description:
    'An obligation cancelled when the incident was judged 伪舆情 is owed again: a later judgement found it genuine ' +
    '(网络舆情). Its original clock and deadline stand.',
  data: z.object({
    obligationId,
    incidentId,
    kind: reportKind,
    reason: z.enum(['judged-genuine']).describe('judged-genuine = 复核为真实舆情.'),
    causeEventId: id('The judgement (GenuinenessJudged, genuine) that reopened it.'),
    cancelledBy: id('The judgement (GenuinenessJudged, fabricated) that had cancelled it.'),
    dueAt: instant('Its deadline (kept).'),
  }),
});

export const ReportingObligationFulfilled = defineEvent({
  context: 'reporting',
  name: 'ReportingObligationFulfilled',
  version: 1,
  description:
    'A reporting obligation (报送任务) was met: the report reached its recipient, on time (按时) or late (迟报).',
  data: z.object({
    obligationId,
    incidentId,
    kind: reportKind,
    reportId: id('The report (快报, 《网上舆情》, 回告 or 转报) that met it.'),
    fulfilledAt: instant('When the report reached the recipient.'),
    dueAt: instant('The deadline it was measured against.'),
    onTime: z.boolean().describe('true = 按时报送; false = 迟报 (late, after the deadline).'),
  }),
});

export const ReportingObligationCancelled = defineEvent({
  context: 'reporting',
  name: 'ReportingObligationCancelled',
  version: 1,
  description:
    'A reporting obligation (报送任务) no longer applies (撤销): the grade changed to one that does not ask for it, or ' +
    'the incident was merged (合并) with another that already has the same obligation with an earlier deadline, or ' +
    'whose report of that kind was already made.',
  data: z.object({
    obligationId,
    incidentId,
    kind: reportKind,
    reason: z
      .enum(['grade-changed', 'incident-merged', 'judged-fabricated'])
      .describe(
        'grade-changed = 级别调整 (escalated or downgraded to a grade that does not require it); incident-merged = ' +
          '事件合并 (one obligation of the kind stands for both incidents: `keptObligationId`); judged-fabricated = ' +
          '判定为伪舆情 (`causeEventId` the judgement; a later genuine judgement reopens it).',
      ),
    grade: grade
      .describe(
        'The grade now in force; for incident-merged, the grade the obligation was opened for (absent for none).',
      )
      .optional(),
    keptObligationId: obligationId
      .describe(
        'For incident-merged: the obligation of the same kind that stands instead (the one whose deadline is ' +
          'earlier, or one already met).',
      )
      .optional(),
    mergedWithIncidentId: id(
      'For incident-merged: the other incident of the merge (the survivor, or the incident merged into this one).',
    ).optional(),
    ruleSetVersion,
    causeEventId: id(
      'The event of another context that withdrew it: the grading decision (grade-changed) or the judgement ' +
        '(judged-fabricated).',
    ).optional(),
  }),
});

export const ReportingObligationCarriedOver = defineEvent({
  context: 'reporting',
  name: 'ReportingObligationCarriedOver',
  version: 1,
  description:
    'A reporting obligation (报送任务) of this incident was carried over (结转) to the incident it was merged into ' +
    '(合并): the same obligation, with its clock and deadline, goes on there (ReportingObligationTakenOver).',
  data: z.object({
    obligationId,
    incidentId: id('The incident merged away (closed).'),
    kind: reportKind,
    toIncidentId: id('The incident that remains and takes the obligation over.'),
    reason: z.enum(['incident-merged']).describe('incident-merged = 事件合并.'),
  }),
});

const hop = z.object({
  fromOrgUnitId: id('Where it came from.'),
  toOrgUnitId: id('Where it went.'),
  route: z
    .enum(['higher-level', 'party-committee-supervision-office', 'government-supervision-office'])
    .describe('How it went (see ReportForwarded).'),
  at: instant('When.'),
  acknowledgedAt: instant('When it was acknowledged (签收), if it was.').optional(),
});

export const ReportingObligationTakenOver = defineEvent({
  context: 'reporting',
  name: 'ReportingObligationTakenOver',
  version: 1,
  description:
    'An incident merged into this one (合并) had a reporting obligation (报送任务) this one did not: this incident takes ' +
    'it over (承接) as it stood, with its id, clock, deadline, reminders given, overdue mark, and the reports made ' +
    'for it (a report already made counts here: the kind is not owed again).',
  data: z.object({
    obligationId,
    incidentId: id('The incident that remains.'),
    fromIncidentId: id('The incident merged into it.'),
    reason: z.enum(['incident-merged']).describe('incident-merged = 事件合并.'),
    kind: reportKind,
    grade: grade.describe('The grade that opened it, if any.').optional(),
    openedFor: openReason.describe('Why it was opened (ReportingObligationOpened.reason).'),
    recipientOrgUnitId: id('Who must receive the report.'),
    clockBasis,
    clockStartedAt: instant('When its clock started (kept).'),
    dueAt: instant('Its deadline (kept).'),
    reminderLeadMinutes,
    remindedLeadMinutes: list(
      z
        .number()
        .int()
        .min(1)
        .max(7 * 24 * 60),
      5,
      'Reminders already given (not given again).',
    ),
    overdue: z
      .boolean()
      .describe('Its deadline had already passed (ReportOverdue recorded there): it stays so.'),
    sourceItemId: id('The item, for a leader message-board referral (留言板).').optional(),
    ruleSetVersion,
    fulfilment: z
      .object({
        reportId: id('The report that met it.'),
        fulfilledAt: instant('When.'),
        onTime: z.boolean().describe('按时 / 迟报.'),
      })
      .describe('Set when it had been met already: it is taken over as a record, and counts here.')
      .optional(),
    reports: list(
      z.object({
        reportId: id('The report.'),
        kind: z.enum(['flash', 'bulletin', 'handling-result', 'board-item']).describe('What kind of report.'),
        hops: list(hop, 20, 'Its way up the tree so far.'),
      }),
      50,
      'The reports made for it, with their way up the tree (forwards and receipts go on here).',
    ),
    bulletins: list(
      z.object({
        bulletinId: id('The bulletin.'),
        title: line('Title.', 500),
        recipientOrgUnitId: id('The org unit it went to.'),
        signOffWaitUntil: instant('Until when a sign-off is awaited.'),
        status: z.enum(['awaiting-sign-off', 'signed-off', 'left-unsigned']).describe('Its sign-off state.'),
        submittedEventId: id('The BulletinSubmitted event.'),
      }),
      20,
      'The bulletins submitted for it, with their sign-off state (a sign-off goes on here).',
    ),
  }),
});

export const ReportReminderDue = defineEvent({
  context: 'reporting',
  name: 'ReportReminderDue',
  version: 1,
  description: 'A reporting deadline is near (报送提醒): whoever owns the obligation is to be reminded.',
  data: z.object({
    obligationId,
    incidentId,
    kind: reportKind,
    dueAt: instant('The deadline.'),
    leadMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .describe('The reminder this is, as minutes before the deadline the policy asks for it (提前量).'),
    minutesRemaining: z.number().int().min(0).describe('Whole minutes left at the reminder.'),
  }),
});

export const FlashReportSent = defineEvent({
  context: 'reporting',
  name: 'FlashReportSent',
  version: 1,
  description: 'A flash report (快报) was made by phone, SMS or on paper for a level-1 incident (快报制).',
  data: z.object({
    reportId: id('The report.'),
    obligationId,
    incidentId,
    method: z.enum(['phone', 'sms', 'paper']).describe('电话 phone / 短信 SMS / 书面 paper.'),
    recipientOrgUnitId: id('The org unit reported to.'),
    recipientUserId: id("The person reached, e.g. the city bureau's principal leader (主要领导).").optional(),
    sentAt: instant('When the call, message or paper was made or delivered (may precede recording).'),
    summary: text('The facts reported (速报事实、慎报原因).', 4000),
    ...reportStatements,
  }),
});

export const BulletinSubmitted = defineEvent({
  context: 'reporting',
  name: 'BulletinSubmitted',
  version: 1,
  description: 'A 《网上舆情》 bulletin was submitted to the city bureau for a level-2 incident.',
  data: z.object({
    bulletinId: id('The bulletin.'),
    obligationId,
    incidentId,
    issueNumber: line('The issue number (期号).', 50).optional(),
    title: line('Title.', 500),
    body: text('The bulletin text.', 20_000),
    ...bulletinSections(false),
    recipientOrgUnitId: id('The org unit it goes to.'),
    signOffWaitUntil: instant('Until when a sign-off (签批) is awaited before it counts as left unsigned.'),
    ...reportStatements,
  }),
});

/** The exact document signed: its version and the SHA-256 of each rendition, as kept by the service. */
const signedDocument = z
  .object({
    versionId: id('The document version signed.'),
    renditions: list(
      z.object({
        rendition: z.string().min(1).max(30).describe('pdf, docx or text.'),
        sha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/)
          .describe('SHA-256 of the rendition’s bytes, in hex.'),
      }),
      5,
      'Each rendition of that version and its hash: a file held later is this document exactly when its hash is one of these.',
    ),
  })
  .describe('The document version the leader signed, and its hashes. Absent on events before this field.');

export const BulletinSignedOff = defineEvent({
  context: 'reporting',
  name: 'BulletinSignedOff',
  version: 1,
  description: 'Bulletin signed off (签批): a leader signed the bulletin with instructions (批示) to follow.',
  data: z.object({
    bulletinId: id('The bulletin.'),
    incidentId,
    instructions: text("The leader's instructions (批示内容).", 4000),
    signedOffAt: instant('When it was signed (may precede recording).'),
    signerOrgUnitId: id(
      'The receiving unit whose leader signed it: the unit it was submitted to or one above (第十七条, 局领导签批). Absent on events before this field.',
    ).optional(),
    document: signedDocument.optional(),
  }),
});

export const BulletinLeftUnsigned = defineEvent({
  context: 'reporting',
  name: 'BulletinLeftUnsigned',
  version: 1,
  description:
    'A bulletin was not signed off (未签批) in time: keep monitoring, and report again if it rises.',
  data: z.object({
    bulletinId: id('The bulletin.'),
    incidentId,
    waitedUntil: instant('The end of the sign-off wait.'),
    heatIndex: z
      .number()
      .min(0)
      .max(100)
      .describe(
        'Heat (热度指数) when it was left unsigned: the baseline a further rise (升级) is measured from.',
      )
      .optional(),
    ruleSetVersion,
  }),
});

export const FollowUpTaskOpened = defineEvent({
  context: 'reporting',
  name: 'FollowUpTaskOpened',
  version: 1,
  description:
    'A follow-up task (跟踪督办) was opened, e.g. to carry out a leader’s 批示 or track the handling.',
  data: z.object({
    taskId: id('The task.'),
    incidentId,
    bulletinId: id('The signed-off bulletin it carries out, if any.').optional(),
    description: text('What is to be done.', 4000),
    assigneeOrgUnitId: id('The org unit that must do it.'),
    supervisorOrgUnitId: id('The org unit that supervises it (e.g. the 党总支).'),
    dueAt: instant('By when, if set.').optional(),
  }),
});

export const DirectHandlingAssigned = defineEvent({
  context: 'reporting',
  name: 'DirectHandlingAssigned',
  version: 1,
  description:
    'A level-3 incident was assigned to a department to handle directly (直办制) within a time limit.',
  data: z.object({
    obligationId: id('The obligation to report the result back (回告).'),
    incidentId,
    departmentId: id('The department (org unit) that handles it.'),
    instructions: text('What is asked (办理要求).', 2000).optional(),
    dueAt: instant('The handling time limit (办理时限).'),
    ruleSetVersion,
  }),
});

export const HandlingResultReported = defineEvent({
  context: 'reporting',
  name: 'HandlingResultReported',
  version: 1,
  description:
    'A handling result was reported back (回告) to the city bureau, and the outcome posted online.',
  data: z.object({
    reportId: id('The report.'),
    obligationId,
    incidentId,
    result: text('How it was handled (办理结果).', 8000),
    resolution: z
      .enum(['resolved', 'explained'])
      .describe('resolved = 已解决; explained = 暂未解决，已向公众说明 (篇一 二(四)).'),
    publicReplyUrl: httpUrl('Where the outcome was posted online (网上回复).').optional(),
  }),
});

export const ReportForwarded = defineEvent({
  context: 'reporting',
  name: 'ReportForwarded',
  version: 1,
  description: 'A report was forwarded (转报) up the org tree or to a supervision office (督办室).',
  data: z.object({
    reportId: id('The report forwarded: a flash report, bulletin or handling result.'),
    incidentId,
    obligationId: obligationId
      .describe('The obligation the forward meets or carries on (e.g. a 留言板 referral).')
      .optional(),
    fromOrgUnitId: id('Where it came from: the level that held it (镇 → 县 → 市).'),
    toOrgUnitId: id('Where it went.'),
    route: z
      .enum(['higher-level', 'party-committee-supervision-office', 'government-supervision-office'])
      .describe(
        'higher-level = 上报上级 (镇 → 县网信办 → 市); party-committee-supervision-office = 市委督查室 ' +
          '(items for the party secretary); government-supervision-office = 市政府督查室 (for the governor/mayor).',
      ),
    note: text('Covering note.', 2000).optional(),
  }),
});

export const ReportReceiptAcknowledged = defineEvent({
  context: 'reporting',
  name: 'ReportReceiptAcknowledged',
  version: 1,
  description: 'The recipient acknowledged receipt (签收) of a report.',
  data: z.object({
    reportId: id('The report.'),
    incidentId,
    recipientOrgUnitId: id('The org unit that received it.'),
    acknowledgedAt: instant('When receipt was acknowledged.'),
  }),
});

export const ReportOverdue = defineEvent({
  context: 'reporting',
  name: 'ReportOverdue',
  version: 1,
  description:
    'A reporting deadline passed without the report (迟报/漏报); the review sees it without a filing.',
  data: z.object({
    obligationId,
    incidentId,
    kind: reportKind,
    dueAt: instant('The deadline that passed.'),
    ruleSetVersion,
  }),
});

const notificationId = id('The notification.');
const channel = z
  .enum(['in-app', 'sms', 'voice-call', 'email', 'webhook', 'dingtalk', 'wecom'])
  .describe(
    '站内 in-app / 短信 SMS / 语音电话 voice call / 邮件 e-mail / 签名回调 signed webhook / ' +
      '钉钉群机器人 DingTalk group robot / 企业微信群机器人 WeCom group robot.',
  );
const attempt = z.number().int().min(1).max(100).describe('1 for the first attempt.');

export const NotificationAttempted = defineEvent({
  context: 'reporting',
  name: 'NotificationAttempted',
  version: 1,
  description: 'A notification (通知) was sent to a person or duty desk (值班) over a channel.',
  data: z.object({
    notificationId,
    purpose: z
      .enum(['deadline-reminder', 'sign-off-request', 'assignment', 'overdue-alert'])
      .describe('报送提醒 / 签批提请 / 任务交办 / 超时告警.'),
    recipient: z
      .object({
        kind: z
          .enum(['user', 'org-unit', 'duty-desk'])
          .describe('A person, an org unit, or its duty desk (值班).'),
        id: id('The recipient.'),
      })
      .describe('Who is notified (no address: that stays in the notifier).'),
    channel,
    attempt,
    incidentId: incidentId.optional(),
    obligationId: obligationId.optional(),
  }),
});

export const NotificationDelivered = defineEvent({
  context: 'reporting',
  name: 'NotificationDelivered',
  version: 1,
  description: 'A notification (通知) was delivered (送达), as the channel confirms.',
  data: z.object({
    notificationId,
    channel,
    attempt,
    deliveredAt: instant('When the channel confirmed delivery.'),
    providerMessageId: code("The channel provider's message id.", 200).optional(),
  }),
});

export const NotificationFailed = defineEvent({
  context: 'reporting',
  name: 'NotificationFailed',
  version: 1,
  description: 'A notification (通知) attempt failed (送达失败); it is retried or escalated.',
  data: z
    .object({
      notificationId,
      channel,
      attempt,
      errorCode: code('A stable error code from the notifier or provider.'),
      errorMessage: line('What went wrong (never the recipient’s address).', 500).optional(),
      willRetry: z.boolean().describe('Whether another attempt is scheduled.'),
      nextAttemptAt: instant('When, if willRetry.').optional(),
    })
    .refine((e) => !e.willRetry || e.nextAttemptAt !== undefined, {
      message: 'is required when willRetry is true',
      path: ['nextAttemptAt'],
    }),
});

// ---- The loops that close (issue 14): 转办 answered back, 督办 tasks completed or overdue, the handling summary ----

const transferId = id(
  'The transferred item (转办件), as ingestion recorded it: the transfer stream is keyed by it.',
);

export const TransferResponseOwed = defineEvent({
  context: 'reporting',
  name: 'TransferResponseOwed',
  version: 1,
  description:
    'An item transferred down (转办) put the receiving unit under a duty to answer back (回告) to the office that ' +
    'transferred it, by the time the transfer set (办理时限).',
  data: z.object({
    transferId,
    fromOrgUnitId: id('The office that transferred it (网信办 / 市网管办) and awaits the answer.'),
    receivingOrgUnitId: id('The unit that must handle it and answer.'),
    transferReference: code('Their reference (转办单号).'),
    title: line('Title as transferred.', 500),
    instructions: text('What the transferring office asks for (办理要求).', 2000).optional(),
    transferredAt: instant('When it was transferred.'),
    dueAt: instant('The time limit for the answer (办理时限), as the transfer set it.'),
    reminderLeadMinutes,
    ruleSetVersion,
  }),
});

export const TransferReminderDue = defineEvent({
  context: 'reporting',
  name: 'TransferReminderDue',
  version: 1,
  description: 'The answer to a transferred item (转办回告) is due soon: a reminder (办理提醒).',
  data: z.object({
    transferId,
    receivingOrgUnitId: id('The unit that must answer.'),
    dueAt: instant('The time limit.'),
    leadMinutes: z.number().int().min(1).describe('Which reminder: minutes before the time limit.'),
    minutesRemaining: z.number().int().min(0).describe('Minutes left when it fired.'),
  }),
});

export const TransferResponseOverdue = defineEvent({
  context: 'reporting',
  name: 'TransferResponseOverdue',
  version: 1,
  description:
    'The time limit of a transferred item passed without the answer (转办超期未回告); the transferring office and ' +
    'the review see it without a filing.',
  data: z.object({
    transferId,
    fromOrgUnitId: id('The office that transferred it.'),
    receivingOrgUnitId: id('The unit that owed the answer.'),
    dueAt: instant('The time limit that passed.'),
    ruleSetVersion,
  }),
});

export const TransferAnswered = defineEvent({
  context: 'reporting',
  name: 'TransferAnswered',
  version: 1,
  description:
    'The receiving unit answered a transferred item back (回告) to the office that transferred it, on time or late.',
  data: z.object({
    transferId,
    fromOrgUnitId: id('The office the answer goes back to.'),
    receivingOrgUnitId: id('The unit that answered.'),
    answer: text('How it was handled (办理结果).', 8000),
    resolution: z
      .enum(['resolved', 'explained'])
      .describe('resolved = 已解决; explained = 暂未解决，已向公众说明 (篇一 二(四)).'),
    publicReplyUrl: httpUrl('Where the outcome was posted online (网上回复), if it was.').optional(),
    answeredAt: instant('When the answer was given.'),
    dueAt: instant('The time limit it was measured against.'),
    onTime: z.boolean().describe('true = 按时回告; false = 超期回告 (late).'),
  }),
});

const taskId = id('The follow-up task (督办事项).');
const taskEvidence = list(
  z.object({
    description: line('What it shows, e.g. 整改通知书、回复截图.', 500),
    url: httpUrl('Where it can be seen (shown as text, never as a link).').optional(),
  }),
  20,
  'Evidence of the result (佐证材料).',
);

export const FollowUpTaskCompleted = defineEvent({
  context: 'reporting',
  name: 'FollowUpTaskCompleted',
  version: 1,
  description:
    'A follow-up task (督办事项) was completed (办结) with its result and evidence, on time or late.',
  data: z.object({
    taskId,
    incidentId,
    assigneeOrgUnitId: id('The unit that did it.'),
    supervisorOrgUnitId: id('The unit that supervises it.'),
    result: text('What was done (办理结果).', 8000),
    evidence: taskEvidence,
    completedAt: instant('When it was completed.'),
    dueAt: instant('The due time it was measured against, if it had one.').optional(),
    onTime: z.boolean().describe('true = 按期办结; false = 超期办结 (late).'),
  }),
});

export const FollowUpTaskOverdue = defineEvent({
  context: 'reporting',
  name: 'FollowUpTaskOverdue',
  version: 1,
  description:
    'A follow-up task (督办事项) passed its due time uncompleted (超期未办结); the supervision office sees it.',
  data: z.object({
    taskId,
    incidentId,
    assigneeOrgUnitId: id('The unit that owed it.'),
    supervisorOrgUnitId: id('The unit that supervises it.'),
    dueAt: instant('The due time that passed.'),
    ruleSetVersion,
  }),
});

export const HandlingCompleted = defineEvent({
  context: 'reporting',
  name: 'HandlingCompleted',
  version: 1,
  description:
    'The incident’s handling was declared complete (处置完毕, 篇一 二(二)): a summary (总结分析) is owed from then.',
  data: z.object({
    incidentId,
    completedAt: instant('When the handling was complete.'),
    note: text('How it ended, in a sentence or two.', 2000).optional(),
    grade: grade.describe('The grade in force then, if any.').optional(),
  }),
});

export const HandlingSummarySubmitted = defineEvent({
  context: 'reporting',
  name: 'HandlingSummarySubmitted',
  version: 1,
  description:
    'The summary of how an incident was handled (处置情况总结) was reported up (篇一 二(二)); for 一级 and 二级 ' +
    'it has all four parts and goes to the case library (案例库, 第二十六条).',
  data: z.object({
    summaryId: id('The summary (a report).'),
    obligationId,
    incidentId,
    grade: grade.describe('The grade in force when it was submitted, if any.').optional(),
    whatHappened: text('事件经过: what happened.', 8000).optional(),
    howHandled: text('处置情况: how it was handled.', 8000).optional(),
    lessons: text('经验教训: what was learned.', 8000).optional(),
    outlook: text('后续研判: the outlook and what follows.', 8000).optional(),
    recipientOrgUnitId: id('Where it was reported to.'),
    submittedAt: instant('When it was submitted.'),
  }),
});

/** Every reporting event, in catalogue order. */
export const reportingEvents = [
  ReportingObligationOpened,
  ReportingObligationConfirmed,
  ReportingObligationReopened,
  ReportingObligationFulfilled,
  ReportingObligationCancelled,
  ReportingObligationCarriedOver,
  ReportingObligationTakenOver,
  ReportReminderDue,
  FlashReportSent,
  BulletinSubmitted,
  BulletinSignedOff,
  BulletinLeftUnsigned,
  FollowUpTaskOpened,
  DirectHandlingAssigned,
  HandlingResultReported,
  ReportForwarded,
  ReportReceiptAcknowledged,
  ReportOverdue,
  NotificationAttempted,
  NotificationDelivered,
  NotificationFailed,
  TransferResponseOwed,
  TransferReminderDue,
  TransferResponseOverdue,
  TransferAnswered,
  FollowUpTaskCompleted,
  FollowUpTaskOverdue,
  HandlingCompleted,
  HandlingSummarySubmitted,
] as const;
