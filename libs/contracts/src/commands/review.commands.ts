import { z } from 'zod';
import { defineCommand } from '../define';
import { code, id, line, text } from '../fields';
import { FINDING_KINDS, reviewPeriod, type FindingKind } from '../events/review.events';

// Public review commands (HTTP bodies are parsed with these, so a 400 names each bad field).

const findingId = id('The finding.');
const reason = (what: string) =>
  text(what, 4000).refine((s) => s.trim().length >= 4, 'say why in at least 4 characters');

export const ConfirmFinding = defineCommand({
  context: 'review',
  name: 'ConfirmFinding',
  version: 1,
  description:
    'Confirm a finding (认定): it counts in the rating and the 通报 (reviewers of a unit above it).',
  payload: z.strictObject({ findingId, reason: reason('Why it is confirmed.') }),
});

export const DismissFinding = defineCommand({
  context: 'review',
  name: 'DismissFinding',
  version: 1,
  description: 'Dismiss a finding (不予认定) with the reason (reviewers of a unit above it).',
  payload: z.strictObject({ findingId, reason: reason('Why it is dismissed.') }),
});

export const ExplainFinding = defineCommand({
  context: 'review',
  name: 'ExplainFinding',
  version: 1,
  description: 'Give the department’s explanation (情况说明) of a finding of its own.',
  payload: z.strictObject({ findingId, explanation: reason('The explanation.') }),
});

export const AppealFinding = defineCommand({
  context: 'review',
  name: 'AppealFinding',
  version: 1,
  description: 'Appeal (申诉) a confirmed finding of the department’s own, within the time allowed.',
  payload: z.strictObject({ findingId, grounds: reason('The grounds.') }),
});

export const DecideAppeal = defineCommand({
  context: 'review',
  name: 'DecideAppeal',
  version: 1,
  description: 'Decide an appeal: upheld (维持认定) or overturned (撤销认定), with the reason.',
  payload: z.strictObject({
    findingId,
    outcome: z.enum(['upheld', 'overturned']).describe('upheld = 维持认定; overturned = 撤销认定.'),
    reason: reason('Why.'),
  }),
});

const severityPoints = z
  .strictObject({
    general: z.number().min(0).max(100).describe('一般.'),
    major: z.number().min(0).max(100).describe('较重.'),
    serious: z.number().min(0).max(100).describe('严重.'),
  })
  .describe('Points deducted per confirmed finding, by severity.');

/** A rating scheme (考评办法) as data: versioned; a draft is one not yet in force (what-if). */
export const ratingScheme = z
  .strictObject({
    version: code('Its version, e.g. review-scheme@1 or a draft’s name.'),
    base: z.number().min(0).max(1000).describe('The score a department starts the period with.'),
    points: z
      .strictObject(
        Object.fromEntries(Object.keys(FINDING_KINDS).map((k) => [k, severityPoints])) as Record<
          FindingKind,
          typeof severityPoints
        >,
      )
      .describe('Points per finding kind and severity.'),
    excellentFrom: z
      .number()
      .min(0)
      .max(1000)
      .describe('优秀 from this score (and no confirmed 第二十八条 finding).'),
    qualifiedFrom: z.number().min(0).max(1000).describe('合格 from this score; below it 不合格.'),
  })
  .refine((s) => s.excellentFrom >= s.qualifiedFrom, {
    message: 'excellentFrom must not be below qualifiedFrom',
    path: ['excellentFrom'],
  })
  .describe('A rating scheme (考评办法).');
export type RatingSchemeData = z.infer<typeof ratingScheme>;

export const ComputeRatings = defineCommand({
  context: 'review',
  name: 'ComputeRatings',
  version: 1,
  description:
    'Rate every department under a unit for a period (考评), under the scheme in force, from the rulings as they stand.',
  payload: z.strictObject({
    orgUnit: id('The unit whose departments are rated (itself included), e.g. the city cn.yn.km.'),
    period: reviewPeriod,
  }),
});

export const IssueNotice = defineCommand({
  context: 'review',
  name: 'IssueNotice',
  version: 1,
  description: 'Issue the 通报 of a period’s confirmed findings under a unit.',
  payload: z.strictObject({
    orgUnit: id('The issuing unit (the city), whose departments’ findings it announces.'),
    period: reviewPeriod,
    documentNumber: line('The document number (文号), e.g. 昆网管通〔2026〕4号.', 100),
  }),
});

export const WhatIfRatings = defineCommand({
  context: 'review',
  name: 'WhatIfRatings',
  version: 1,
  description:
    'Run a draft rating scheme (考评办法草案) over a past period and list the ratings it would change (nothing is recorded).',
  payload: z.strictObject({
    orgUnit: id('The unit whose departments are rated.'),
    period: reviewPeriod,
    scheme: ratingScheme,
  }),
});

/** Every public command of review. */
export const reviewCommands = [
  ConfirmFinding,
  DismissFinding,
  ExplainFinding,
  AppealFinding,
  DecideAppeal,
  ComputeRatings,
  IssueNotice,
  WhatIfRatings,
] as const;
