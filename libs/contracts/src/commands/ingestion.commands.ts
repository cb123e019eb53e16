import { z } from 'zod';
import { defineCommand } from '../define';
import { evidence, id, line, text } from '../fields';
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

const reason = text('Why (理由): grading and reporting act on the correction, and auditors read it.', 2000);

export const MoveItem = defineCommand({
  context: 'ingestion',
  name: 'MoveItem',
  version: 1,
  description: 'Move an item to another open incident of the same unit (改归), correcting clustering.',
  payload: z.strictObject({
    toIncidentId: id('The incident the item joins.'),
    reason,
  }),
});

export const MergeIncidents = defineCommand({
  context: 'ingestion',
  name: 'MergeIncidents',
  version: 1,
  description:
    'Merge another incident of the same unit into this one (合并): two clusters of one event. The merged one closes.',
  payload: z.strictObject({
    mergedIncidentId: id('The incident merged into this one, and closed.'),
    reason,
  }),
});

export const SplitIncident = defineCommand({
  context: 'ingestion',
  name: 'SplitIncident',
  version: 1,
  description: 'Split items off this incident into a new one (拆分): two events clustered together.',
  payload: z.strictObject({
    itemIds: z
      .array(id('An item of this incident.'))
      .min(1)
      .max(100)
      .describe('The items that form the new incident.'),
    title: line("A working title for the new incident; the first item's title when omitted.", 500).optional(),
    reason,
  }),
});

/** Every public ingestion command. */
export const ingestionCommands = [CaptureItem, VerifyItem, MoveItem, MergeIncidents, SplitIncident] as const;
