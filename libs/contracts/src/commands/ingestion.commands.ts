import { z } from 'zod';
import { defineCommand } from '../define';
import { evidence, id, text } from '../fields';
import { itemContentShape, verificationAccuracy } from '../events/ingestion.events';

// Public ingestion commands: what crawlers, integrators and monitors send. Strict objects: an unknown field is
// refused (400 with its path), not silently dropped.

export const CaptureItem = defineCommand({
  context: 'ingestion',
  name: 'CaptureItem',
  version: 1,
  description: 'Capture an opinion item (收集舆情信息) from a crawler, an integrator or a monitor on duty.',
  payload: z.strictObject({ ...itemContentShape }),
});

export const VerifyItem = defineCommand({
  context: 'ingestion',
  name: 'VerifyItem',
  version: 1,
  description: 'Record that an item was verified (核实) as genuine public opinion, with the findings.',
  payload: z.strictObject({
    itemId: id('The item.'),
    accuracy: verificationAccuracy,
    findings: text('What was checked and found (核实情况).', 4000),
    evidence: evidence('Items and events the verification rests on.', 50),
  }),
});

/** Every public ingestion command. */
export const ingestionCommands = [CaptureItem, VerifyItem] as const;
