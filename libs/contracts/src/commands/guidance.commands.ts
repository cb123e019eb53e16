import { z } from 'zod';
import { defineCommand } from '../define';
import { id, line, text } from '../fields';

// Public guidance commands (HTTP bodies are parsed with these, so a 400 names each bad field).

const responseId = id('The response.');

export const OpenResponse = defineCommand({
  context: 'guidance',
  name: 'OpenResponse',
  version: 1,
  description: 'Open a response (开启) in an org unit.',
  payload: z.strictObject({
    orgUnit: id('The org unit (its path, e.g. cn.yn.km.yl) the response belongs to.'),
    title: line('What the response is about.', 200),
  }),
});

export const CloseResponse = defineCommand({
  context: 'guidance',
  name: 'CloseResponse',
  version: 1,
  description: 'Close an open response (关闭), with the reason.',
  payload: z.strictObject({
    responseId,
    reason: text('Why it is closed.', 2000),
  }),
});

/** Every public command of guidance. */
export const guidanceCommands = [OpenResponse, CloseResponse] as const;
