import { z } from 'zod';
import { defineEvent } from '../define';
import { code, id, instant, line, list, ruleSetVersion, sha256, text } from '../fields';
import { gradeLevel } from '../vocabulary';

// Archive: the case file (案卷) of each incident, filed live from every context's events, closed (结案) by the
// unit that handled it and kept in the case library (案例库, 第二十六条; 篇一三(三) 资料归档). The org unit, actor and
// correlation are in each event's envelope. Published on yuqing.archive.events.v1.

const caseId = id('The case: the id of the incident it files (one case per incident).');

/** The contexts whose events a case file is assembled from. */
export const CASE_SOURCE_CONTEXTS = ['ingestion', 'grading', 'reporting', 'guidance'] as const;

/** The event a case entry was filed from: where it stands in its context's log, so anyone can look it up. */
export const sourceEventRef = z
  .object({
    context: z.enum(CASE_SOURCE_CONTEXTS).describe('The context that recorded it.'),
    eventId: id('Its event id.'),
    eventType: code('Its type, e.g. `grading.GradeConfirmed`.'),
    schemaVersion: z.number().int().positive().describe('Its schema version.'),
    streamId: id('Its stream in that context.'),
    streamPosition: z.number().int().positive().describe('Its 1-based position in that stream.'),
    hash: sha256('Its hash-chain hash as published (`ce_hash`), when the publisher sent one.').optional(),
    recordedAt: instant('When that context recorded it.'),
  })
  .describe('The source event of a case entry.');

export type SourceEventRef = z.output<typeof sourceEventRef>;

/** What a case entry records (案卷条目). */
export const CASE_ENTRY_KINDS = {
  'incident-detected': '发现事件',
  item: '舆情信息',
  'media-report': '媒体报道',
  'item-verified': '核实',
  'item-dismissed': '排除',
  'incident-merged': '合并与拆分',
  'grade-proposed': '拟定级别',
  'grade-in-force': '定级',
  assessment: '研判',
  'handling-plan': '处置方案与专班',
  'obligation-opened': '报送时限',
  'obligation-closed': '报送时限结束',
  'obligation-overdue': '报送超时',
  'report-sent': '报送',
  'receipt-acknowledged': '回执',
  'sign-off': '签批与批示',
  'follow-up-task': '督办任务',
  'handling-result': '处置结果',
  'handling-summary': '处置总结',
  wording: '口径',
  release: '发布',
  'response-plan': '回应方案',
} as const;

export type CaseEntryKind = keyof typeof CASE_ENTRY_KINDS;

const entryKind = z
  .enum(Object.keys(CASE_ENTRY_KINDS) as [CaseEntryKind, ...CaseEntryKind[]])
  .describe('What the entry records.');

/** Facts an entry carries for folding a case as of a moment: small scalars, keyed by a code. */
const entryFacts = z
  .record(code('A fact name.', 40), z.union([z.string().max(500), z.number(), z.boolean(), z.null()]))
  .refine((facts) => Object.keys(facts).length <= 20, 'at most 20 facts')
  .describe(
    'The facts the case folds as of a moment (grade level, obligation id and deadline, release status…).',
  );

/** The summary and reflection (总结与反思) a 一级 or 二级 case is closed with (第二十六条). */
export const caseSummary = z
  .object({
    whatHappened: text('事件经过: what happened.', 8000),
    handling: text('处置情况: how it was handled.', 8000),
    lessons: text('经验教训: what was learned.', 8000),
    outlook: text('研判展望: what is expected next and how to respond.', 8000),
  })
  .describe('The handling summary: what happened, how it was handled, what was learned, the outlook.');

export type CaseSummary = z.output<typeof caseSummary>;

export const CaseOpened = defineEvent({
  context: 'archive',
  name: 'CaseOpened',
  version: 1,
  description:
    'A case file (案卷) was opened for an incident, on the first event about it the archive received.',
  data: z.object({
    caseId,
    incidentId: id('The incident.'),
    source: sourceEventRef,
  }),
});

export const CaseEntryFiled = defineEvent({
  context: 'archive',
  name: 'CaseEntryFiled',
  version: 1,
  description:
    'An entry (案卷条目) was filed in a case file: one event of the incident, summarised and linked to its source.',
  data: z.object({
    caseId,
    entryKind,
    summary: text('What happened, in one or two lines (captured text bounded, never interpreted).', 1000),
    occurredAt: instant('When the source event was recorded (the time the case is folded by).'),
    source: sourceEventRef,
    facts: entryFacts,
    handlingSummary: caseSummary
      .optional()
      .describe(
        'The handling summary reported (处置情况总结), on a `handling-summary` entry: a closing may use it.',
      ),
  }),
});

export const CaseClosed = defineEvent({
  context: 'archive',
  name: 'CaseClosed',
  version: 1,
  description:
    'A case was closed (结案) by the unit that handled it; 一级 and 二级 cases carry their summary (第二十六条).',
  data: z.object({
    caseId,
    level: gradeLevel.nullable().describe('The grade in force at closing; null when never graded.'),
    exceptional: z.boolean().describe('特别重大 at closing.'),
    summary: caseSummary.optional(),
    summarySource: z
      .enum(['closing', 'handling-summary'])
      .optional()
      .describe(
        'Where the summary came from: written at closing, or the handling summary reported (总结报告).',
      ),
    category: line('The case category (e.g. 民生诉求, 安全事故).', 50),
    tags: list(line('A tag.', 30), 20, 'Tags for the case library.'),
    ruleSetVersion,
  }),
});

export const CaseReopened = defineEvent({
  context: 'archive',
  name: 'CaseReopened',
  version: 1,
  description:
    'A closed case was reopened (重新启用), with the reason (new items arrived, or a person reopened it).',
  data: z.object({
    caseId,
    reason: text('Why it was reopened.', 2000),
    source: sourceEventRef.optional().describe('The event that reopened it, when an event did.'),
    ruleSetVersion,
  }),
});

export const CaseFileAccessed = defineEvent({
  context: 'archive',
  name: 'CaseFileAccessed',
  version: 1,
  description:
    'A case file was read or exported (第三十条: case files are confidential); the reader is the actor in the envelope.',
  data: z.object({
    caseId,
    purpose: z.enum(['view', 'export', 'as-of']).describe('What the reader did.'),
  }),
});

/** Every event of archive, in lifecycle order (the catalogue lists them). */
export const archiveEvents = [
  CaseOpened,
  CaseEntryFiled,
  CaseClosed,
  CaseReopened,
  CaseFileAccessed,
] as const;
