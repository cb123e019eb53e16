import { z } from 'zod';
import { defineCommand } from '../define';
import { writtenRequestKind } from '../events/guidance-requests.events';
import { httpUrl, id, instant, line, list, text } from '../fields';
import { gradeLevel } from '../vocabulary';

// Public guidance commands for requests (HTTP bodies are parsed with these, so a 400 names each bad field).

const requestId = id('The written request.');
const proposalId = id('The online guidance proposal.');
const taskId = id('The guidance task.');

export const FileWrittenRequest = defineCommand({
  context: 'guidance',
  name: 'FileWrittenRequest',
  version: 1,
  description:
    'File a written request (书面报告) with the unit it is addressed to; the document is generated.',
  payload: z.strictObject({
    orgUnit: id('The filing unit (its path, e.g. cn.yn.km.yl.jtj).'),
    kind: writtenRequestKind,
    incidentId: id('The incident it concerns (required for a 二级 consultation).').optional(),
    approverUnit: id('The unit addressed (e.g. cn.yn.km.wxb, the city internet office).'),
    subject: line('What the request is about.', 200),
    body: text('The request.', 8000),
  }),
});

export const DecideWrittenRequest = defineCommand({
  context: 'guidance',
  name: 'DecideWrittenRequest',
  version: 1,
  description:
    'Approve (同意) or refuse (不同意) a written request, for the unit it is addressed to (a refusal needs a reason).',
  payload: z.strictObject({
    requestId,
    decision: z.enum(['approve', 'refuse']).describe('approve 同意 / refuse 不同意.'),
    reason: text('Why it is refused; for an approval, a note.', 4000).optional(),
  }),
});

export const RecordWrittenRequestOutcome = defineCommand({
  context: 'guidance',
  name: 'RecordWrittenRequestOutcome',
  version: 1,
  description: 'Record what came of an approved written request (办理结果); this closes it.',
  payload: z.strictObject({
    requestId,
    outcome: text('What happened (e.g. the press conference held, the coverage arranged).', 8000),
    occurredAt: instant('When it happened.').optional(),
  }),
});

export const ProposeOnlineGuidance = defineCommand({
  context: 'guidance',
  name: 'ProposeOnlineGuidance',
  version: 1,
  description: 'Propose guidance wording (引导口径) to the city bureau for online guidance (第二十二条).',
  payload: z.strictObject({
    orgUnit: id('The proposing unit.'),
    incidentId: id('The incident the guidance is for.').optional(),
    incidentLevel: gradeLevel
      .optional()
      .describe('The incident’s grade (一级 allows a city-wide deployment).'),
    approverUnit: id('The city internet office that approves and directs the commentators.'),
    wording: text('The guidance wording.', 8000),
    platforms: list(line('A platform or site.', 200), 20, 'Where the guidance is to be carried out.').default(
      [],
    ),
  }),
});

export const DecideOnlineGuidance = defineCommand({
  context: 'guidance',
  name: 'DecideOnlineGuidance',
  version: 1,
  description:
    'Approve guidance wording and assign tasks to the named commentators (or, for 一级, deploy the city’s commentators), or refuse it with the reason.',
  payload: z.strictObject({
    proposalId,
    decision: z.enum(['approve', 'refuse']).describe('approve 同意 / refuse 不同意.'),
    reason: text('Why it is refused.', 4000).optional(),
    deployment: z
      .enum(['unit', 'city-wide'])
      .default('unit')
      .describe(
        "unit: the proposing unit's commentators; city-wide: every commentator of the city (一级 only).",
      ),
    commentators: list(
      z.strictObject({
        userId: id('The commentator (user id).'),
        orgUnit: id('The unit the commentator serves in.'),
      }),
      500,
      'The commentators to task (for city-wide: all of the city’s, as the directory lists them).',
    ).default([]),
    instructions: text('What the commentators are to do.', 4000).optional(),
  }),
});

export const AcknowledgeGuidanceTask = defineCommand({
  context: 'guidance',
  name: 'AcknowledgeGuidanceTask',
  version: 1,
  description: 'The assigned commentator acknowledges a guidance task (已接收).',
  payload: z.strictObject({ proposalId, taskId }),
});

export const ReportGuidanceTask = defineCommand({
  context: 'guidance',
  name: 'ReportGuidanceTask',
  version: 1,
  description: 'The assigned commentator reports a guidance task done (反馈): what was posted, where.',
  payload: z.strictObject({
    proposalId,
    taskId,
    posts: list(
      z.strictObject({
        url: httpUrl('Where it was posted.'),
        platform: line('The platform or site.', 200).optional(),
      }),
      50,
      'What was posted, where.',
    ).min(1),
    summary: text('What was done.', 4000),
  }),
});

/** Every public command of guidance's requests. */
export const guidanceRequestCommands = [
  FileWrittenRequest,
  DecideWrittenRequest,
  RecordWrittenRequestOutcome,
  ProposeOnlineGuidance,
  DecideOnlineGuidance,
  AcknowledgeGuidanceTask,
  ReportGuidanceTask,
] as const;
