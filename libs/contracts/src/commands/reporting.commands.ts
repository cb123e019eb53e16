import { z } from 'zod';
import { defineCommand } from '../define';
import { id, instant, text } from '../fields';

// Public reporting commands: sign-offs and acknowledgements recorded by or for the recipients of reports.

export const SignOffBulletin = defineCommand({
  context: 'reporting',
  name: 'SignOffBulletin',
  version: 1,
  description: 'Record a leader’s sign-off (签批) of a 《网上舆情》 bulletin with the instructions (批示).',
  payload: z.strictObject({
    bulletinId: id('The bulletin.'),
    instructions: text("The leader's instructions (批示内容).", 4000),
    signedOffAt: instant('When it was signed.'),
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

/** Every public reporting command. */
export const reportingCommands = [SignOffBulletin, AcknowledgeReportReceipt] as const;
