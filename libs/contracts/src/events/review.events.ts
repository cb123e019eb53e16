import { z } from 'zod';
import { defineEvent } from '../define';
import { code, id, instant, line, list, ruleSetVersion, text } from '../fields';

// Review (考评, 第二十八、二十九条): findings derived from the log by versioned detectors, ruled on by the city's
// network office with the departments, announced (通报) and rated per department and period. Published on
// yuqing.review.events.v1.

const findingId = id('The finding (考评发现).');

export const FINDING_KINDS = {
  'late-report': '迟报',
  'missed-report': '漏报',
  'concealed-report': '瞒报',
  'false-report': '谎报',
  'unapproved-release': '未经批准擅自对外发布',
  leak: '泄露信息',
  'poor-handling': '处置不力',
  'guidance-not-done': '不按要求开展舆情引导',
} as const;
export type FindingKind = keyof typeof FINDING_KINDS;
export const findingKind = z.enum(Object.keys(FINDING_KINDS) as [FindingKind, ...FindingKind[]]).describe(
  `What the finding is: ${Object.entries(FINDING_KINDS)
    .map(([k, v]) => `${k} = ${v}`)
    .join('; ')}.`,
);

export const FINDING_SEVERITIES = { general: '一般', major: '较重', serious: '严重' } as const;
export type FindingSeverity = keyof typeof FINDING_SEVERITIES;
export const findingSeverity = z
  .enum(['general', 'major', 'serious'])
  .describe('general = 一般 (三级 or ungraded); major = 较重 (二级); serious = 严重 (一级).');

/** `2026-Q4` or `2026`: the review period (考评周期), in China Standard Time. */
export const reviewPeriod = z
  .string()
  .regex(/^\d{4}(-Q[1-4])?$/, 'a period is a year (2026) or a quarter (2026-Q4)')
  .describe(
    'The review period (考评周期): a quarter such as 2026-Q4, or a year such as 2026 (China Standard Time).',
  );

const evidenceEvent = z
  .object({
    eventId: id('The event.'),
    type: code('Its type, e.g. reporting.ReportingObligationFulfilled.'),
    streamId: code('Its stream in the publishing context.', 200),
    streamPosition: z.number().int().min(0).describe('Its position in that stream.'),
    time: instant('When it was recorded.'),
  })
  .describe('One event the finding rests on, as the publishing context stored it.');

export const FindingRecorded = defineEvent({
  context: 'review',
  name: 'FindingRecorded',
  version: 1,
  description:
    'A detector found, in the log, what 第二十八条 names (迟报、漏报、瞒报、谎报、擅自发布、泄露、处置不力…), once its evidence ' +
    'was complete. It is not a violation until ruled (FindingConfirmed).',
  data: z.object({
    findingId,
    kind: findingKind,
    article: line('The rule it falls under, e.g. 第二十八条.', 50),
    subject: code('What it is about, one finding per detector and subject (e.g. obligation:<id>).', 200),
    incidentId: id('The incident, when it concerns one.').optional(),
    responsibleOrgUnitId: id('The department (单位) responsible.'),
    responsiblePersonId: id('The person (当事人) responsible, when the log names one.').optional(),
    severity: findingSeverity,
    occurredAt: instant('When the violation happened (the deadline passed, the report was sent…).'),
    period: reviewPeriod,
    summary: text('What happened, in a sentence or two.', 2000),
    evidence: list(evidenceEvent, 50, 'The events that prove it.').min(1),
    detector: code('The detector and its version, e.g. late-report@1.'),
  }),
});

export const FindingExplained = defineEvent({
  context: 'review',
  name: 'FindingExplained',
  version: 1,
  description: 'The department gave its explanation (情况说明) of a finding, before or after the ruling.',
  data: z.object({
    findingId,
    explanation: text('The explanation.', 4000),
  }),
});

export const FindingConfirmed = defineEvent({
  context: 'review',
  name: 'FindingConfirmed',
  version: 1,
  description: 'The reviewers confirmed a finding (认定): it counts in the period’s rating and the 通报.',
  data: z.object({
    findingId,
    reason: text('Why.', 4000),
    appealBy: instant('Until when the department may appeal (申诉).'),
    ruleSetVersion,
  }),
});

export const FindingDismissed = defineEvent({
  context: 'review',
  name: 'FindingDismissed',
  version: 1,
  description: 'The reviewers dismissed a finding (不予认定) with the reason: it does not count.',
  data: z.object({
    findingId,
    reason: text('Why.', 4000),
    ruleSetVersion,
  }),
});

export const FindingAppealed = defineEvent({
  context: 'review',
  name: 'FindingAppealed',
  version: 1,
  description: 'The department appealed (申诉) a confirmed finding within the time allowed.',
  data: z.object({
    findingId,
    grounds: text('The grounds of the appeal.', 4000),
  }),
});

export const FindingAppealDecided = defineEvent({
  context: 'review',
  name: 'FindingAppealDecided',
  version: 1,
  description:
    'The reviewers decided an appeal: upheld = 维持认定 (the finding still counts); overturned = 撤销认定 (it no longer does).',
  data: z.object({
    findingId,
    outcome: z.enum(['upheld', 'overturned']).describe('upheld = 维持认定; overturned = 撤销认定.'),
    reason: text('Why.', 4000),
    ruleSetVersion,
  }),
});

const ratingGrade = z
  .enum(['excellent', 'qualified', 'unqualified'])
  .describe('excellent = 优秀; qualified = 合格; unqualified = 不合格.');

export const ratingLine = z
  .object({
    findingId,
    kind: findingKind,
    severity: findingSeverity,
    status: z
      .enum(['confirmed', 'dismissed', 'pending', 'superseded'])
      .describe(
        'confirmed = 已认定 (counts); dismissed = 不予认定 or overturned on appeal; pending = 待认定 (not yet a ' +
          'violation); superseded = a heavier finding on the same subject counts instead.',
      ),
    points: z.number().min(0).max(1000).describe('Points deducted by this line (0 unless confirmed).'),
    bars: z.boolean().describe('Whether it makes 优秀 impossible (a confirmed 第二十八条 finding).'),
  })
  .describe('One line of a rating’s explanation.');

export const RatingComputed = defineEvent({
  context: 'review',
  name: 'RatingComputed',
  version: 1,
  description:
    'A department’s rating (考评等次) for a period was computed under a scheme, line by line from the rulings of its ' +
    'findings as they stood then. Computing again appends a new rating; the latest stands.',
  data: z.object({
    ratingId: id('The rating.'),
    period: reviewPeriod,
    orgUnitId: id('The department rated.'),
    schemeVersion: code('The rating scheme, e.g. review-scheme@1.'),
    score: z.number().min(-10_000).max(1000).describe('The score after deductions.'),
    rating: ratingGrade,
    excellentBarred: z
      .boolean()
      .describe('不得评为优秀: a confirmed 第二十八条 finding stands in the period.'),
    lines: list(ratingLine, 500, 'How it was computed, one line per finding of the department and period.'),
    barredPersonIds: list(id('A person.'), 200, 'Persons who may not be rated 优秀 for the period (当事人).'),
  }),
});

export const NoticeIssued = defineEvent({
  context: 'review',
  name: 'NoticeIssued',
  version: 1,
  description:
    'A 通报 of a period’s confirmed findings was issued, naming the departments and what happened.',
  data: z.object({
    noticeId: id('The notice.'),
    period: reviewPeriod,
    documentNumber: line('The document number (文号), e.g. 昆网管通〔2026〕4号.', 100),
    title: line('The title.', 200),
    findingIds: list(findingId, 500, 'The confirmed findings it announces.').min(1),
  }),
});

/** Every event of review, in lifecycle order (the catalogue lists them). */
export const reviewEvents = [
  FindingRecorded,
  FindingExplained,
  FindingConfirmed,
  FindingDismissed,
  FindingAppealed,
  FindingAppealDecided,
  RatingComputed,
  NoticeIssued,
] as const;
