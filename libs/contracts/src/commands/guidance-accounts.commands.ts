import { z } from 'zod';
import { defineCommand } from '../define';
import { id, text } from '../fields';
import { officialAccountShape } from '../events/guidance-accounts.events';

// Public guidance commands for accounts (HTTP bodies are parsed with these, so a 400 names each bad field).

export const RegisterOfficialAccount = defineCommand({
  context: 'guidance',
  name: 'RegisterOfficialAccount',
  version: 1,
  description:
    "Register one of the unit's official accounts or sites (政务账号登记), with how its items are recognised: " +
    'address prefixes, or author names on its platform (at least one of either).',
  payload: z.strictObject({
    orgUnit: id('The org unit (its path, e.g. cn.yn.km.yl) that owns the account.'),
    ...officialAccountShape,
  }),
});

export const RetireOfficialAccount = defineCommand({
  context: 'guidance',
  name: 'RetireOfficialAccount',
  version: 1,
  description: 'Deregister an official account (注销), with the reason.',
  payload: z.strictObject({
    accountId: id('The official account.'),
    reason: text('Why it is deregistered.', 2000),
  }),
});

/** Every public command of guidance's accounts. */
export const guidanceAccountCommands = [RegisterOfficialAccount, RetireOfficialAccount] as const;
