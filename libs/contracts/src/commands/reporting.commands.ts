import { z } from 'zod';
import { defineCommand } from '../define';
import { bulletinSections, reportStatements } from '../events/reporting.events';
import { httpUrl, id, instant, line, list, text } from '../fields';

// Public reporting commands (报送, 第十三至十五条): the reports an office makes against its obligations, and the
// sign-offs and acknowledgements recorded by or for their recipients.

const obligationId = id('The reporting obligation (报送任务) the report meets.');

export const SendFlashReport = defineCommand({
  context: 'reporting',
  name: 'SendFlashReport',
  version: 1,
  description: 'Record a flash report (快报) made by phone, SMS or on paper for a level-1 incident (快报制).',
  payload: z.strictObject({
    obligationId,
    method: z.enum(['phone', 'sms', 'paper']).describe('电话 phone / 短信 SMS / 书面 paper.'),
    recipientOrgUnitId: id('The org unit reported to: the next level up, or the city bureau (市局) itself.'),
    recipientUserId: id("The person reached, e.g. the city bureau's principal leader (主要领导).").optional(),
    sentAt: instant('When the call, message or paper was made or delivered.'),
    summary: text('The facts reported (速报事实、慎报原因).', 4000),
    ...reportStatements,
  }),
});

export const SubmitBulletin = defineCommand({
  context: 'reporting',
  name: 'SubmitBulletin',
  version: 1,
  description: 'Submit a 《网上舆情》 bulletin to the city bureau for a level-2 incident (第十四条).',
  payload: z.strictObject({
    obligationId,
    issueNumber: line(
      'The issue number (期号), e.g. 〔2026〕第42期; the next of the unit’s year (〔year〕第n期) when absent.',
      50,
    ).optional(),
    title: line('Title (标题).', 500),
    body: text('The bulletin text: summary, assessment, suggestions (基本情况、研判、建议).', 20_000),
    ...bulletinSections(true),
    recipientOrgUnitId: id('The org unit it goes to: the next level up, or the city bureau itself.'),
    submittedAt: instant('When it was delivered.'),
    ...reportStatements,
  }),
});

const followUpTask = z.strictObject({
  description: text('What is to be done (落实批示).', 4000),
  assigneeOrgUnitId: id('The org unit that must do it; the incident’s unit when absent.').optional(),
  dueAt: instant('By when, if the leader set it.').optional(),
});

export const SignOffBulletin = defineCommand({
  context: 'reporting',
  name: 'SignOffBulletin',
  version: 1,
  description: 'Record a leader’s sign-off (签批) of a 《网上舆情》 bulletin with the instructions (批示).',
  payload: z.strictObject({
    bulletinId: id('The bulletin.'),
    instructions: text("The leader's instructions (批示内容).", 4000),
    signedOffAt: instant('When it was signed.'),
    documentVersionId: id(
      'The version of the bulletin the leader read and signs (the X-Document-Version of its download). Refused with 409 when the bulletin has changed since; the current version when absent.',
    ).optional(),
    tasks: list(
      followUpTask,
      20,
      'The follow-up tasks (跟踪督办) the instructions ask for; one task carrying out the instructions when absent.',
    ).optional(),
  }),
});

export const ReportHandlingResult = defineCommand({
  context: 'reporting',
  name: 'ReportHandlingResult',
  version: 1,
  description:
    'Report a level-3 handling result back (回告) to the city bureau, with where it was posted online.',
  payload: z.strictObject({
    obligationId,
    result: text('How it was handled (办理结果).', 8000),
    resolution: z
      .enum(['resolved', 'explained'])
      .describe('resolved = 已解决; explained = 暂未解决，已向公众说明 (篇一 二(四)).'),
    publicReplyUrl: httpUrl('Where the outcome was posted online (网上回复).').optional(),
    reportedAt: instant('When it was reported back.'),
  }),
});

export const ForwardReport = defineCommand({
  context: 'reporting',
  name: 'ForwardReport',
  version: 1,
  description:
    'Forward a report (转报) one level up the org tree (镇 → 县网信办 → 市), or a leader message-board item ' +
    'to its supervision office (督办室).',
  payload: z.strictObject({
    reportId: id('The report: a flash report, bulletin or handling result.'),
    toOrgUnitId: id('Where it goes.'),
    route: z
      .enum(['higher-level', 'party-committee-supervision-office', 'government-supervision-office'])
      .describe('上报上级 / 市委督办室 / 市政府督办室.'),
    note: text('Covering note.', 2000).optional(),
    forwardedAt: instant('When it was sent on.'),
  }),
});

export const AcknowledgeReportReceipt = defineCommand({
  context: 'reporting',
  name: 'AcknowledgeReportReceipt',
  version: 1,
  description: 'Acknowledge receipt (签收) of a report on behalf of the receiving org unit.',
  payload: z.strictObject({
    reportId: id('The report.'),
    acknowledgedAt: instant('When it was received.'),
  }),
});

// ---- The loops that close (issue 14) ----

export const AnswerTransfer = defineCommand({
  context: 'reporting',
  name: 'AnswerTransfer',
  version: 1,
  description: 'Answer a transferred item back (转办回告) to the office that transferred it.',
  payload: z.strictObject({
    transferId: id('The transferred item (转办件).'),
    answer: text('How it was handled (办理结果).', 8000),
    resolution: z
      .enum(['resolved', 'explained'])
      .describe('resolved = 已解决; explained = 暂未解决，已向公众说明 (篇一 二(四)).'),
    publicReplyUrl: httpUrl('Where the outcome was posted online (网上回复), if it was.').optional(),
    answeredAt: instant('When the answer was given.'),
  }),
});

export const CompleteFollowUpTask = defineCommand({
  context: 'reporting',
  name: 'CompleteFollowUpTask',
  version: 1,
  description: 'Complete a follow-up task (督办事项办结) with its result and evidence.',
  payload: z.strictObject({
    taskId: id('The follow-up task.'),
    result: text('What was done (办理结果).', 8000),
    evidence: list(
      z.strictObject({
        description: line('What it shows, e.g. 整改通知书、回复截图.', 500),
        url: httpUrl('Where it can be seen.').optional(),
      }),
      20,
      'Evidence of the result (佐证材料); at least one item.',
    ),
    completedAt: instant('When it was completed.'),
  }),
});

export const DeclareHandlingCompleted = defineCommand({
  context: 'reporting',
  name: 'DeclareHandlingCompleted',
  version: 1,
  description:
    'Declare an incident’s handling complete (处置完毕): its handling summary (总结上报) is owed from then.',
  payload: z.strictObject({
    incidentId: id('The incident.'),
    completedAt: instant('When the handling was complete.'),
    note: text('How it ended, in a sentence or two.', 2000).optional(),
  }),
});

export const SubmitHandlingSummary = defineCommand({
  context: 'reporting',
  name: 'SubmitHandlingSummary',
  version: 1,
  description:
    'Submit the summary of how an incident was handled (处置情况总结上报); for 一级 and 二级 all four parts.',
  payload: z.strictObject({
    obligationId,
    whatHappened: text('事件经过: what happened.', 8000).optional(),
    howHandled: text('处置情况: how it was handled.', 8000).optional(),
    lessons: text('经验教训: what was learned.', 8000).optional(),
    outlook: text('后续研判: the outlook and what follows.', 8000).optional(),
    submittedAt: instant('When it was submitted.'),
  }),
});

/** Every public reporting command. */
export const reportingCommands = [
  SendFlashReport,
  SubmitBulletin,
  SignOffBulletin,
  ReportHandlingResult,
  ForwardReport,
  AcknowledgeReportReceipt,
  AnswerTransfer,
  CompleteFollowUpTask,
  DeclareHandlingCompleted,
  SubmitHandlingSummary,
] as const;
