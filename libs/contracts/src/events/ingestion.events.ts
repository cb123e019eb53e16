import { z } from 'zod';
import { defineEvent } from '../define';
import {
  code,
  count,
  engagement,
  evidence,
  figures,
  httpUrl,
  id,
  instant,
  line,
  list,
  ruleSetVersion,
  sha256,
  text,
} from '../fields';
import { captureMethod, platform, reachTier } from '../vocabulary';

// Ingestion (监测/收集): sources, monitoring rules, captured items, relevance, dedup, clustering into incidents,
// heat, and the monitor's verification. Published on yuqing.ingestion.events.v1.

/** A monitoring rule and the version of it that matched, so a capture can be re-checked against its rule. */
const ruleRef = z
  .object({
    ruleId: id('The monitoring rule.'),
    ruleVersion: z.number().int().min(1).describe('The version of the rule that matched.'),
  })
  .describe('A monitoring rule (监测规则) at a version.');

const term = line('A term: a place or org name, an event word, or an exclusion.', 100);

/** How an item came to belong to an incident. */
export const attachmentRelation = z
  .enum(['near-duplicate', 'repost', 'related', 'same-event', 'cites-source', 'manual'])
  .describe(
    '近似重复 near-duplicate; 转载 repost (same title); 相关 related (shares most words); 同一事件 same-event ' +
      '(the same event in other words: places, key terms, time); 转引 cites-source (quotes or cites a report ' +
      'of the incident: 据…报道, 综合报道); 人工归并 attached by a monitor.',
  );

/** What clustering found in common between an item and the incident it joined: the explanation of the score. */
export const clusteringMatch = z.object({
  places: list(line('A place.', 50), 20, 'Places both name (county, town, road, river, institution).'),
  terms: list(line('A term.', 50), 20, 'Key terms of the event both use, most weighty first.'),
  citedOutlet: line(
    'The outlet of the incident that the item cites (据…报道), when it cites one.',
    200,
  ).optional(),
  titleSimilarity: z.number().min(0).max(1).optional().describe('How alike the titles are (0–1).'),
  components: z
    .record(z.string().max(50), z.number())
    .optional()
    .describe('The parts of the score by name (place, terms, title, time, citation), for the curious.'),
});

/** Why a monitor corrected clustering (理由): required, since grading and reporting act on it. */
const correctionReason = text('Why (理由), e.g. 同一事件的不同报道 or 两起不同事件.', 2000);

/** What an item says and where it appeared: shared by ItemCaptured and the CaptureItem command. */
export const itemContentShape = {
  url: httpUrl('Where the item was published.'),
  platform,
  reachTier,
  sourceId: id('The registered source it came from, when known.').optional(),
  outlet: line('The source outlet (来源媒体/账号名称) as shown on the platform.', 200),
  author: line(
    'The author or poster as shown on the platform (a display name, not personal data).',
    200,
  ).optional(),
  title: line('Title (标题); for posts without one, the first line.', 500),
  text: text('Body text (正文) as captured, normalised to plain text.', 50_000),
  publishedAt: instant('When the item was published, when the platform shows it.').optional(),
  engagement: engagement.optional(),
  captureMethod,
};

/** How a verified item's claims stand; shared by ItemVerified and the VerifyItem command. */
export const verificationAccuracy = z
  .enum(['accurate', 'partly-accurate', 'inaccurate', 'undetermined'])
  .describe(
    'How its claims stand: 属实 / 部分属实 / 不属实 / 尚未查清. Verified items are genuine opinion even if inaccurate.',
  );

/**
 * The figures a verification established (核实的数据), e.g. 受伤人数 3 人; shared by ItemVerified and the VerifyItem
 * command. Review compares what the unit later reports against them (谎报/瞒报).
 */
export const verifiedFigures = figures(
  'The figures the monitor verified (核实的数据), e.g. 受伤人数 3 人; each name once.',
);

export const SourceRegistered = defineEvent({
  context: 'ingestion',
  name: 'SourceRegistered',
  version: 1,
  description: 'A source (监测源: a site, portal, account or board) was registered for monitoring.',
  data: z.object({
    sourceId: id('The new source.'),
    name: line('The outlet or account name (媒体/账号名称).', 200),
    url: httpUrl('Home page of the outlet or account.'),
    platform,
    reachTier,
    feedUrl: httpUrl('RSS or Atom feed the poller reads, when the source has one.').optional(),
    pollSeconds: z.number().int().min(60).max(86_400).optional().describe('How often to poll the feed.'),
  }),
});

export const MonitoringRuleDefined = defineEvent({
  context: 'ingestion',
  name: 'MonitoringRuleDefined',
  version: 1,
  description:
    'A monitoring rule (监测规则) was defined or redefined: a boolean keyword expression that keeps items ' +
    'relevant to the jurisdiction (涉本辖区): place or org names AND event words NOT exclusions.',
  data: z.object({
    ruleId: id('The rule; redefining it raises ruleVersion.'),
    ruleVersion: z.number().int().min(1).describe('1 for a new rule, then +1 for each redefinition.'),
    name: line('A name monitors recognise.', 200),
    expression: line(
      'The expression, e.g. `(西山区 OR "滇池管理局") AND (污染 OR 欠薪) NOT 广告`: AND/OR/NOT (also 和/或/非, ' +
        '&, |, a leading -), parentheses, quoted phrases; terms match as substrings.',
      2000,
    ),
    platforms: list(platform, 20, 'Only these platforms; empty: all.'),
    active: z.boolean().describe('False retires the rule; items are no longer matched against it.'),
  }),
});

export const SourceFetchFailed = defineEvent({
  context: 'ingestion',
  name: 'SourceFetchFailed',
  version: 1,
  description:
    'Fetching a source failed (采集失败): unreachable, refused, or not a readable feed; it backs off.',
  data: z.object({
    sourceId: id('The source.'),
    consecutiveFailures: z.number().int().min(1).describe('Failures in a row, this one included.'),
    reason: line('What went wrong, e.g. `HTTP 503` or `not an RSS or Atom feed`.', 500),
    nextAttemptAt: instant('When the poller tries again (backoff).'),
  }),
});

export const SourceFetchRecovered = defineEvent({
  context: 'ingestion',
  name: 'SourceFetchRecovered',
  version: 1,
  description: 'A failing source was fetched again successfully (恢复采集).',
  data: z.object({
    sourceId: id('The source.'),
    failuresBefore: z.number().int().min(1).describe('How many failures in a row preceded it.'),
  }),
});

export const WatchWindowScheduled = defineEvent({
  context: 'ingestion',
  name: 'WatchWindowScheduled',
  version: 1,
  description:
    'A heightened-watch window (重点时段: holidays, sensitive dates) was scheduled: feeds are polled more often.',
  data: z.object({
    windowId: id('The window.'),
    name: line('What it is for, e.g. 国庆假期.', 200),
    startsAt: instant('Start.'),
    endsAt: instant('End.'),
    pollIntervalFactor: z
      .number()
      .gt(0)
      .max(1)
      .describe('Poll intervals are multiplied by this (0.25: four times as often).'),
  }),
});

export const WatchWindowCancelled = defineEvent({
  context: 'ingestion',
  name: 'WatchWindowCancelled',
  version: 1,
  description:
    'A heightened-watch window (重点时段) was cancelled (取消重点时段) before its end: feeds return to their usual poll intervals.',
  data: z.object({
    windowId: id('The window.'),
    reason: line('Why, e.g. 活动取消 or 时段有误.', 500),
  }),
});

export const ItemCaptured = defineEvent({
  context: 'ingestion',
  name: 'ItemCaptured',
  version: 1,
  description:
    'An opinion item (舆情信息) was captured (监测/收集) and kept as relevant to the jurisdiction.',
  data: z.object({
    itemId: id('The new item.'),
    ...itemContentShape,
    capturedAt: instant('When it was captured; engagement counts are as of this time.'),
    contentHash: sha256('SHA-256 of the normalised title and text: exact duplicates share it.'),
    canonicalUrl: httpUrl('The address without tracking parameters or fragment: exact duplicates share it.'),
    fingerprint: z
      .string()
      .regex(/^[0-9a-f]{16}$/)
      .describe('64-bit SimHash of the segmented text (16 hex digits); near-duplicates differ in few bits.'),
    matchedRules: list(ruleRef, 50, 'The monitoring rules that made it relevant; empty for manual captures.'),
    matchedTerms: list(term, 50, 'The terms of those rules found in it (why it was kept).'),
    sentiment: z
      .object({
        polarity: z.enum(['negative', 'neutral', 'positive']).describe('负面 / 中性 / 正面.'),
        score: z.number().min(-1).max(1).describe('−1 … +1.'),
        decidingWords: list(
          z.object({
            word: line('A word.', 50),
            weight: z.number().describe('Its weight after negation and degree.'),
          }),
          10,
          'The words that decided it, strongest first.',
        ),
      })
      .describe('Sentiment (情感倾向) with the words that decided it.'),
  }),
});

export const ItemRejected = defineEvent({
  context: 'ingestion',
  name: 'ItemRejected',
  version: 1,
  description:
    'A candidate item was not kept: it does not concern the jurisdiction (不涉本辖区) or is excluded.',
  data: z.object({
    itemId: id('The id the candidate was given, so a re-capture can be traced.'),
    url: httpUrl('Where the candidate was published.'),
    reason: z
      .enum(['no-rule-matched', 'excluded-term', 'outside-jurisdiction', 'unreadable'])
      .describe('Why: no rule matched; an exclusion matched; outside the jurisdiction; content unreadable.'),
    rule: ruleRef.optional().describe('The rule whose exclusion matched, for `excluded-term`.'),
    detail: line('Short explanation for the monitor on duty.', 500).optional(),
  }),
});

export const DuplicateItemSeen = defineEvent({
  context: 'ingestion',
  name: 'DuplicateItemSeen',
  version: 1,
  description:
    'An exact duplicate (重复信息) of a kept item was seen again and dropped; its engagement is noted.',
  data: z.object({
    duplicateOfItemId: id('The kept item it duplicates.'),
    url: httpUrl('Where the duplicate was seen (may equal the original for a re-crawl).'),
    contentHash: sha256('The shared content hash.'),
    seenAt: instant('When it was seen.'),
    engagement: engagement.optional(),
  }),
});

export const IncidentDetected = defineEvent({
  context: 'ingestion',
  name: 'IncidentDetected',
  version: 1,
  description: 'A new incident (舆情事件) was formed from one or more items that no open incident covers.',
  data: z.object({
    incidentId: id('The new incident.'),
    title: line('A working title (事件标题), usually the first item title.', 500),
    itemIds: list(id('An item.'), 100, 'The items it was formed from.').min(1),
    detectedAt: instant('When the clustering decided.'),
    ruleSetVersion: ruleSetVersion.optional(),
    splitFromIncidentId: id(
      'Set when a monitor split this incident off another (拆分): the items came from there, with their heat.',
    ).optional(),
  }),
});

export const ItemAttachedToIncident = defineEvent({
  context: 'ingestion',
  name: 'ItemAttachedToIncident',
  version: 1,
  description: 'An item (a near-duplicate, repost or related post) was attached to an incident (归并).',
  data: z.object({
    itemId: id('The item.'),
    incidentId: id('The incident.'),
    relation: attachmentRelation,
    similarity: z.number().min(0).max(1).optional().describe('Similarity score, for automatic attachment.'),
    ruleSetVersion: ruleSetVersion.optional(),
    matched: clusteringMatch
      .optional()
      .describe('What the item shares with the incident (clustering@2 and later): why it was attached.'),
    movedFromIncidentId: id('For a move by a monitor (改归): the incident the item left.').optional(),
    reason: text('For an attachment by a monitor: why (理由).', 2000).optional(),
  }),
});

export const ItemDetachedFromIncident = defineEvent({
  context: 'ingestion',
  name: 'ItemDetachedFromIncident',
  version: 1,
  description:
    "A monitor moved an item out of this incident (改归) into another; the item's heat leaves with it. " +
    'The other incident records the same move as ItemAttachedToIncident (relation `manual`).',
  data: z.object({
    itemId: id('The item.'),
    incidentId: id('The incident it left.'),
    movedToIncidentId: id('The incident it joined.'),
    reason: correctionReason,
  }),
});

export const IncidentsMerged = defineEvent({
  context: 'ingestion',
  name: 'IncidentsMerged',
  version: 1,
  description:
    'A monitor merged another incident into this one (合并): the same event, clustered apart. Every item of ' +
    'the merged incident now belongs to this one, which keeps the earliest detection; the merged one is closed ' +
    '(IncidentMergedInto in its own stream). Grading and reporting carry its grade and obligations over.',
  data: z.object({
    incidentId: id('The incident that remains.'),
    mergedIncidentId: id('The incident merged into it, closed from now on.'),
    itemIds: list(id('An item.'), 10_000, 'The items that came over.'),
    mergedDetectedAt: instant('When the merged incident had been detected (its clock, for reporting).'),
    reason: correctionReason,
  }),
});

export const IncidentMergedInto = defineEvent({
  context: 'ingestion',
  name: 'IncidentMergedInto',
  version: 1,
  description:
    'This incident was merged into another (合并) and is closed: its items, heat and history continue there.',
  data: z.object({
    incidentId: id('The incident closed by the merge.'),
    intoIncidentId: id('The incident that remains.'),
    itemIds: list(id('An item.'), 10_000, 'The items that moved.'),
    reason: correctionReason,
  }),
});

export const IncidentSplit = defineEvent({
  context: 'ingestion',
  name: 'IncidentSplit',
  version: 1,
  description:
    'A monitor split items off this incident into a new one (拆分): two events had been clustered together. ' +
    'The new incident starts with IncidentDetected (splitFromIncidentId set); the items take their heat along.',
  data: z.object({
    incidentId: id('The incident the items left.'),
    newIncidentId: id('The incident they now form.'),
    itemIds: list(id('An item.'), 10_000, 'The items that moved.').min(1),
    reason: correctionReason,
  }),
});

export const IncidentHeatChanged = defineEvent({
  context: 'ingestion',
  name: 'IncidentHeatChanged',
  version: 1,
  description: "An incident's heat (热度) changed enough to matter: its index, spread and widest reach.",
  data: z.object({
    incidentId: id('The incident.'),
    heatIndex: z.number().min(0).max(100).describe('Heat index 0–100 (热度指数).'),
    previousHeatIndex: z.number().min(0).max(100).describe('The index before this change.'),
    itemCount: count('Items attached so far.'),
    engagement: engagement.describe('Engagement summed over the items.'),
    widestReach: reachTier.describe('The widest reach tier among its items (grading reads it).'),
    measuredAt: instant('When it was measured.'),
    ruleSetVersion,
  }),
});

export const ItemVerified = defineEvent({
  context: 'ingestion',
  name: 'ItemVerified',
  version: 1,
  description: 'A monitor verified (核实) an item as genuine public opinion and recorded what the facts are.',
  data: z.object({
    itemId: id('The item.'),
    incidentId: id('Its incident, when attached.').optional(),
    accuracy: verificationAccuracy,
    findings: text('What was checked and found (核实情况).', 4000),
    evidence: evidence('Items and events the verification rests on.', 50),
    figures: verifiedFigures.optional(),
  }),
});

export const ItemDismissed = defineEvent({
  context: 'ingestion',
  name: 'ItemDismissed',
  version: 1,
  description:
    'A monitor dismissed an item, e.g. as 伪舆情 (fabricated or organised rumour), with the reason.',
  data: z.object({
    itemId: id('The item.'),
    incidentId: id('Its incident, when attached.').optional(),
    reason: z
      .enum(['fabricated', 'outside-jurisdiction', 'not-public-opinion', 'duplicate'])
      .describe('伪舆情 fabricated/organised rumour; 不涉本辖区; 非舆情 (e.g. advertising); 重复 duplicate.'),
    explanation: text('Why (判断依据).', 2000),
    evidence: evidence('Items and events the judgement rests on.', 50),
  }),
});

export const ItemTransferredIn = defineEvent({
  context: 'ingestion',
  name: 'ItemTransferredIn',
  version: 1,
  description: 'An item was transferred down (转办) by the 网信办 with a time by which to respond.',
  data: z.object({
    itemId: id('The item as recorded here.'),
    fromOrgUnitId: id('The office that transferred it (网信办 / 市网管办).'),
    transferReference: code('Their reference (转办单号).'),
    url: httpUrl('Where the item was published, when given.').optional(),
    title: line('Title as transferred.', 500),
    summary: text('Summary or the transferred text.', 10_000).optional(),
    instructions: text('What the transferring office asks for (办理要求).', 2000).optional(),
    transferredAt: instant('When it was transferred.'),
    respondBy: instant('Due time for the response (办理时限).'),
  }),
});

/** Every ingestion event, in catalogue order. */
export const ingestionEvents = [
  SourceRegistered,
  SourceFetchFailed,
  SourceFetchRecovered,
  MonitoringRuleDefined,
  WatchWindowScheduled,
  WatchWindowCancelled,
  ItemCaptured,
  ItemRejected,
  DuplicateItemSeen,
  IncidentDetected,
  ItemAttachedToIncident,
  ItemDetachedFromIncident,
  IncidentsMerged,
  IncidentMergedInto,
  IncidentSplit,
  IncidentHeatChanged,
  ItemVerified,
  ItemDismissed,
  ItemTransferredIn,
] as const;
