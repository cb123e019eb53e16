import { z } from 'zod';
import { defineCommand } from '../define';
import { releaseKind, wordingFact, wordingFigure, wordingOutlet } from '../events/guidance.events';
import { httpUrl, id, instant, line, list, text } from '../fields';

// Public guidance commands (HTTP bodies are parsed with these, so a 400 names each bad field). Who may approve at
// which grade is the domain's rule (第二十一条), checked against the caller's grants.

const incidentId = id('The incident (舆情事件).');
const wordingId = id('The wording (口径).');
const releaseId = id('The release.');

export const ArrangeResponse = defineCommand({
  context: 'guidance',
  name: 'ArrangeResponse',
  version: 1,
  description:
    'Arrange an incident’s response by hand (三同步) where no handling plan arrived, or change it: drafter, channels, ' +
    'first-response deadline.',
  payload: z.strictObject({
    incidentId,
    orgUnit: id('The incident’s org unit (its path, e.g. cn.yn.km.yl).'),
    drafterRoles: list(line('A role that drafts, e.g. spokesperson.', 50), 10, 'Who drafts the wording.').min(
      1,
    ),
    channels: list(line('A channel.', 200), 20, 'Where releases go out.'),
    firstResponseDueAt: instant('When the first public response is due.').optional(),
    reason: text('Why it is arranged by hand.', 2000).optional(),
  }),
});

export const DraftWording = defineCommand({
  context: 'guidance',
  name: 'DraftWording',
  version: 1,
  description:
    'Draft the wording (口径), or revise it (with `wordingId`): a new version with its facts, figures, text and outlet.',
  payload: z.strictObject({
    incidentId,
    wordingId: wordingId.optional().describe('The wording revised; absent for a new one.'),
    facts: list(wordingFact, 50, 'The facts, each with its source (统一事实).').min(1),
    figures: list(wordingFigure, 50, 'The figures (统一数据).').default([]),
    text: text('The wording (口径).', 10_000),
    outlet: wordingOutlet,
    statesCause: z.boolean().describe('It states a cause (慎报原因).'),
    characterises: z.boolean().describe('It characterises the incident (谨慎定性).'),
  }),
});

export const DecideWording = defineCommand({
  context: 'guidance',
  name: 'DecideWording',
  version: 1,
  description:
    'Approve or refuse (审批) a version of the wording, as the role the grade requires; a version stating a cause or ' +
    'characterising needs explicit assent.',
  payload: z.strictObject({
    incidentId,
    wordingId,
    version: z.number().int().min(1).describe('The version decided.'),
    decision: z.enum(['approve', 'refuse']).describe('批准 approve / 不予批准 refuse.'),
    assentToCause: z.boolean().optional().describe('Assent to the cause it states (慎报原因).'),
    assentToCharacterisation: z.boolean().optional().describe('Assent to its characterisation (谨慎定性).'),
    reason: text('Why it is refused.', 2000).optional(),
  }),
});

export const PrepareRelease = defineCommand({
  context: 'guidance',
  name: 'PrepareRelease',
  version: 1,
  description:
    'Prepare a release (发布稿) from one approved wording version, with its text and the version’s figures.',
  payload: z.strictObject({
    incidentId,
    kind: releaseKind,
    channel: line('Where it goes out.', 200),
    wordingId,
    wordingVersion: z.number().int().min(1).describe('The approved version cited.'),
    text: text('The release text.', 10_000),
    figures: list(wordingFigure, 50, 'The figures it states.').default([]),
    whyNotYetResolved: text('篇一二(四): why the matter cannot be resolved soon.', 4000).optional(),
  }),
});

export const DecideRelease = defineCommand({
  context: 'guidance',
  name: 'DecideRelease',
  version: 1,
  description: 'Approve or refuse a release, as the role its grade requires (第二十一条).',
  payload: z.strictObject({
    incidentId,
    releaseId,
    decision: z.enum(['approve', 'refuse']).describe('批准 approve / 不予批准 refuse.'),
    reason: text('Why it is refused.', 2000).optional(),
  }),
});

export const PublishRelease = defineCommand({
  context: 'guidance',
  name: 'PublishRelease',
  version: 1,
  description: 'Record that an approved release was published (发布), with its address and time.',
  payload: z.strictObject({
    incidentId,
    releaseId,
    url: httpUrl('Where it is published.'),
    publishedAt: instant('When it was published.'),
  }),
});

/** Every public command of guidance's responses. */
export const guidanceCommands = [
  ArrangeResponse,
  DraftWording,
  DecideWording,
  PrepareRelease,
  DecideRelease,
  PublishRelease,
] as const;
