import { z } from 'zod';
import { defineCommand } from '../define';
import { id, line, list, text } from '../fields';
import { caseSummary } from '../events/archive.events';

// Public archive commands (HTTP bodies are parsed with these, so a 400 names each bad field). Cases open and fill
// themselves from the log; people close and reopen them.

const caseId = id('The case (the incident id).');

export const CloseCase = defineCommand({
  context: 'archive',
  name: 'CloseCase',
  version: 1,
  description:
    'Close a case (结案). 一级 and 二级 need the summary (第二十六条): given here, or the handling summary already reported.',
  payload: z.strictObject({
    caseId,
    summary: caseSummary.optional(),
    category: line('The case category (e.g. 民生诉求, 安全事故).', 50),
    tags: list(line('A tag.', 30), 20, 'Tags for the case library.').default([]),
  }),
});

export const ReopenCase = defineCommand({
  context: 'archive',
  name: 'ReopenCase',
  version: 1,
  description: 'Reopen (重新启用) a closed case, with the reason.',
  payload: z.strictObject({
    caseId,
    reason: text('Why it is reopened.', 2000),
  }),
});

/** Every public command of archive. */
export const archiveCommands = [CloseCase, ReopenCase] as const;
