import { z } from 'zod';
import { defineCommand } from '../define';
import { evidence, id, line, text } from '../fields';
import {
  ItemDismissed,
  itemContentShape,
  verificationAccuracy,
  verifiedFigures,
  WatchWindowCancelled,
  WatchWindowScheduled,
} from '../events/ingestion.events';
import { platform, reachTier } from '../vocabulary';

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
    figures: verifiedFigures.optional(),
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

// The commands below are the ingestion controllers' bodies as they were, so invalid input gets the same 400 as
// before; ids named in the URL join the payload.

const orgUnit = z.string().min(1).max(200).describe('The org unit (组织机构) the request is for.');

export const CaptureItems = defineCommand({
  context: 'ingestion',
  name: 'CaptureItems',
  version: 1,
  description:
    'Capture a batch of opinion items into one unit (批量收集): each is judged for relevance, deduplicated and clustered into an incident. The service bounds the batch (CAPTURE_BATCH_MAX, 500 by default).',
  payload: z.strictObject({
    orgUnit,
    items: z.array(CaptureItem.schema).min(1).max(5000).describe('The items, each a CaptureItem.'),
  }),
});

export const TransferItemIn = defineCommand({
  context: 'ingestion',
  name: 'TransferItemIn',
  version: 1,
  description:
    'An internet office (网信办) transfers an item down to a unit (转办) with a time by which to respond; relevance is not judged again. One transfer reference is one transfer.',
  payload: z.strictObject({
    orgUnit: z.string().min(1).max(200).describe('The unit the item is transferred down to (转办给).'),
    item: CaptureItem.schema,
    transferReference: z.string().min(1).max(100).describe("The office's reference of the transfer."),
    instructions: z.string().max(2000).optional().describe('What the office asks the unit to do.'),
    respondBy: z.iso.datetime({ offset: true }).describe('When the unit must respond by.'),
  }),
});

export const ImportItems = defineCommand({
  context: 'ingestion',
  name: 'ImportItems',
  version: 1,
  description:
    "Import a monitor's spreadsheet of collected items (导入舆情信息; CSV or XLSX, Chinese or English headers): valid rows are captured, the others reported by row and column.",
  payload: z.strictObject({
    orgUnit,
    format: z.enum(['csv', 'xlsx']).describe('The file format.'),
    content: z
      .string()
      .min(1)
      .max(3_000_000)
      .describe('The file: its text (UTF-8) for CSV, base64 for XLSX, as the console read it.'),
  }),
});

export const RegisterSource = defineCommand({
  context: 'ingestion',
  name: 'RegisterSource',
  version: 1,
  description: 'Register a source (监测源) a unit monitors, with its reach; a feed is polled.',
  payload: z.strictObject({
    orgUnit,
    name: z.string().trim().min(1).max(200).describe('The outlet or account.'),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .describe('Its address.'),
    platform,
    reachTier,
    feedUrl: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional()
      .describe('An RSS or Atom feed to poll; it may not point inside the network unless allow-listed.'),
    pollSeconds: z.number().int().min(60).max(86_400).optional().describe('How often to poll the feed.'),
  }),
});

export const DefineMonitoringRule = defineCommand({
  context: 'ingestion',
  name: 'DefineMonitoringRule',
  version: 1,
  description:
    "Define or redefine a monitoring rule (监测规则): a keyword expression over an item's title and text; each redefinition is a new version.",
  payload: z.strictObject({
    ruleId: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'letters, digits and . _ : - only')
      .describe('The rule, from the URL.'),
    orgUnit,
    name: z.string().trim().min(1).max(200).describe('What the rule watches for.'),
    expression: z
      .string()
      .min(1)
      .max(2000)
      .describe('The keyword expression, e.g. `西山区 AND (污染 OR 欠薪)`.'),
    platforms: z.array(platform).max(20).default([]).describe('Platforms it watches; empty: all.'),
    active: z.boolean().default(true).describe('Whether it selects items now.'),
  }),
});

export const DismissItem = defineCommand({
  context: 'ingestion',
  name: 'DismissItem',
  version: 1,
  description: 'Dismiss an item (e.g. as 伪舆情) with the reason and its basis.',
  payload: ItemDismissed.schema.omit({ incidentId: true }).strict(),
});

const { shape: window } = WatchWindowScheduled.schema;
const DAY_MS = 86_400_000;
/** As the watch-window decider bounds them (WATCH_WINDOW_LIMITS in @yuqing/ingestion-domain). */
const WINDOW_LIMITS = { maxDays: 62, minFactor: 0.05, maxFactor: 0.9 } as const;

export const ScheduleWatchWindow = defineCommand({
  context: 'ingestion',
  name: 'ScheduleWatchWindow',
  version: 1,
  description:
    'Schedule a heightened-watch window (重点时段): the feeds of the unit and the units below it are polled more often.',
  payload: z
    .strictObject({
      orgUnit,
      name: window.name,
      startsAt: window.startsAt,
      endsAt: window.endsAt,
      pollIntervalFactor: z
        .number()
        .min(WINDOW_LIMITS.minFactor)
        .max(WINDOW_LIMITS.maxFactor)
        .default(0.25)
        .describe('Poll intervals are multiplied by this (0.25: four times as often).'),
    })
    .superRefine((scheduled, ctx) => {
      const length = Date.parse(scheduled.endsAt) - Date.parse(scheduled.startsAt);
      if (length <= 0) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
      else if (length > WINDOW_LIMITS.maxDays * DAY_MS)
        ctx.addIssue({
          code: 'custom',
          path: ['endsAt'],
          message: `a window lasts at most ${WINDOW_LIMITS.maxDays} days`,
        });
    }),
});

export const CancelWatchWindow = defineCommand({
  context: 'ingestion',
  name: 'CancelWatchWindow',
  version: 1,
  description: 'Cancel a heightened-watch window (取消重点时段) before its end.',
  payload: z.strictObject({
    windowId: id('The window, from the URL.'),
    reason: WatchWindowCancelled.schema.shape.reason,
  }),
});

/** Every public ingestion command. */
export const ingestionCommands = [
  CaptureItem,
  CaptureItems,
  TransferItemIn,
  ImportItems,
  RegisterSource,
  DefineMonitoringRule,
  VerifyItem,
  DismissItem,
  MoveItem,
  MergeIncidents,
  SplitIncident,
  ScheduleWatchWindow,
  CancelWatchWindow,
] as const;
