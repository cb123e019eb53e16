import {
  DuplicateItemSeen,
  IncidentDetected,
  ingestionStreams,
  ItemAttachedToIncident,
  ItemCaptured,
  ItemRejected,
  ItemTransferredIn,
  type CaptureItem,
  type CommandPayload,
  type EventData,
  type EventMetadata,
  type NewEvent,
} from '@yuqing/contracts';
import {
  clusterFeatures,
  type ClusterFeatures,
  type ClusterItem,
  type ClusteringDecision,
  type IncidentCandidate,
} from '../clustering/clustering';
import type { IncidentProfiles } from '../clustering/event-clustering';
import type { EventFeatures } from '../clustering/event-features';
import { simhashToHex, type SimHash, type WordSet } from '../dedup/simhash';
import type { Sentiment } from '../sentiment/sentiment';
import { effectiveReach, type CatalogueOutlet } from '../sources/source-catalogue';
import {
  attach,
  chooseIncident,
  clusteringRuleSetVersion,
  explanation,
  ITEMS_PER_INCIDENT,
  type ClusteringVersion,
} from './choose-incident';
import { capturedFitsContract, decided } from './decided-event';
import type { KnownItems } from './known-items';
import { judgeRelevance, type MonitoringRule } from './relevance';

/** An item offered for capture, as the batch API, a feed, a monitor or a transfer brings it. */
export type CaptureCandidate = CommandPayload<typeof CaptureItem> & {
  /** Set when an internet office transferred the item down (转办): relevance is not re-judged. */
  readonly transfer?: {
    readonly fromOrgUnitId: string;
    readonly transferReference: string;
    readonly instructions?: string;
    readonly transferredAt: string;
    readonly respondBy: string;
  };
};

export type CaptureOutcome =
  | {
      readonly status: 'captured';
      readonly itemId: string;
      readonly incidentId: string;
      readonly relation: 'new-incident' | Extract<ClusteringDecision, { kind: 'attach' }>['relation'];
    }
  | { readonly status: 'duplicate'; readonly duplicateOf: string }
  | {
      readonly status: 'rejected';
      readonly itemId: string;
      readonly reason: 'no-rule-matched' | 'excluded-term';
    };

/** An offered item normalised (plain bounded text, canonical address, content hash), next to what was offered. */
export interface PreparedCandidate {
  readonly offered: CaptureCandidate;
  readonly title: string;
  readonly text: string;
  readonly url: string;
  readonly hash: string;
}

/** What capture learns from an item's words: segmentation, fingerprint, content words, sentiment. */
export interface TextAnalysis {
  readonly words: readonly string[];
  readonly fingerprint: SimHash;
  readonly wordSet: WordSet;
  readonly sentiment: Sentiment;
}

/** What deciding a batch needs from outside: ids, time, text analysis, and the caches it feeds. */
export interface CaptureDeps {
  readonly newId: () => string;
  readonly now: Date;
  readonly version: ClusteringVersion;
  /** Known outlets: an item's reach is widened to what the catalogue knows of its host. */
  readonly catalogue: readonly CatalogueOutlet[];
  /** Segmentation and what follows from it (the segmenter is native, so it comes in as a function). */
  readonly analyse: (title: string, text: string) => TextAnalysis;
  /** clustering@2's reduction of an item to its event. */
  readonly eventFeatures: (input: {
    title: string;
    words: readonly string[];
    outlet: string;
  }) => EventFeatures;
  readonly profiles: IncidentProfiles;
  /** A kept item's words (handed to the projection, which stores them without segmenting again). */
  readonly analysed: (itemId: string, words: readonly string[]) => void;
  /** A kept item's clustering features, as its incident holds them (for later batches). */
  readonly clustered: (itemId: string, features: ClusterFeatures) => void;
}

/** The batch's view of its unit, changed as items are decided so later items of the batch see earlier ones. */
export interface CaptureState {
  readonly rules: readonly MonitoringRule[];
  /** Open incidents, most recent first. */
  readonly incidents: IncidentCandidate[];
  readonly known: KnownItems;
}

export interface CaptureDecision {
  /** One per candidate, in order. */
  readonly outcomes: CaptureOutcome[];
  readonly plan: CapturePlan;
  /** Incidents opened or joined: their heat is measured after the append. */
  readonly touched: readonly string[];
}

type Expected = 'no_stream' | 'any';

/** The events a batch decided, grouped by stream in the order they were decided, for one append of all streams. */
export class CapturePlan {
  private readonly streams = new Map<string, { expectedVersion: Expected; events: NewEvent[] }>();

  add(streamId: string, expectedVersion: Expected, event: NewEvent): void {
    const entry = this.streams.get(streamId);
    if (entry) entry.events.push(event);
    else this.streams.set(streamId, { expectedVersion, events: [event] });
  }

  appends(metadata: EventMetadata): {
    streamId: string;
    expectedVersion: Expected;
    events: NewEvent[];
    metadata: EventMetadata;
  }[] {
    return [...this.streams].map(([streamId, { expectedVersion, events }]) => ({
      streamId,
      expectedVersion,
      events,
      metadata,
    }));
  }
}

const itemStream = ingestionStreams.item.id;
const incidentStream = ingestionStreams.incident.id;

/**
 * From prepared items to decided events: relevance by the unit's monitoring rules, exact duplicates dropped, the
 * rest captured and clustered into incidents. `state` is the batch's and changes as items are decided (no copies
 * per item); nothing here does I/O.
 */
export function decideCapture(
  candidates: readonly PreparedCandidate[],
  state: CaptureState,
  deps: CaptureDeps,
): CaptureDecision {
  const plan = new CapturePlan();
  const touched = new Set<string>();
  const at = deps.now.toISOString();
  const outcomes = candidates.map((candidate) => decideOne(candidate, state, deps, plan, touched, at));
  return { outcomes, plan, touched: [...touched] };
}

function decideOne(
  { offered, title, text, url, hash }: PreparedCandidate,
  state: CaptureState,
  deps: CaptureDeps,
  plan: CapturePlan,
  touched: Set<string>,
  at: string,
): CaptureOutcome {
  const itemId = deps.newId();
  const relevance = judgeRelevance(offered, title, text, state.rules);
  if (relevance.kind === 'rejected') {
    const reason = relevance.reason;
    plan.add(itemStream(itemId), 'no_stream', ItemRejected.create({ itemId, url: offered.url, reason }));
    return { status: 'rejected', itemId, reason };
  }
  const matched = relevance.kind === 'matched' ? relevance.matches : [];

  // Exact duplicates: the same address or the same words, already kept in this unit (or earlier in this batch).
  const duplicateOf = state.known.duplicateOf(url, hash);
  if (duplicateOf) {
    plan.add(
      itemStream(duplicateOf),
      'any',
      DuplicateItemSeen.create({
        duplicateOfItemId: duplicateOf,
        url: offered.url,
        contentHash: hash,
        seenAt: at,
        ...(offered.engagement ? { engagement: offered.engagement } : {}),
      }),
    );
    return { status: 'duplicate', duplicateOf };
  }
  state.known.add(url, hash, itemId);

  const analysis = deps.analyse(title, text);
  deps.analysed(itemId, analysis.words);
  if (offered.transfer) {
    plan.add(
      itemStream(itemId),
      'no_stream',
      ItemTransferredIn.create({
        itemId,
        fromOrgUnitId: offered.transfer.fromOrgUnitId,
        transferReference: offered.transfer.transferReference,
        url: offered.url,
        title,
        summary: text.slice(0, 10_000),
        ...(offered.transfer.instructions ? { instructions: offered.transfer.instructions } : {}),
        transferredAt: offered.transfer.transferredAt,
        respondBy: offered.transfer.respondBy,
      }),
    );
  }
  const { transfer: _transfer, ...content } = offered;
  const capturedEventId = deps.newId();
  const captured: EventData<typeof ItemCaptured> = {
    ...content,
    reachTier: effectiveReach(offered.url, offered.reachTier, deps.catalogue),
    itemId,
    title,
    text,
    capturedAt: at,
    contentHash: hash,
    canonicalUrl: url,
    fingerprint: simhashToHex(analysis.fingerprint),
    matchedRules: matched.map(({ ruleId, ruleVersion }) => ({ ruleId, ruleVersion })),
    matchedTerms: [...new Set(matched.flatMap((m) => m.terms))].slice(0, 50),
    sentiment: {
      polarity: analysis.sentiment.polarity,
      score: analysis.sentiment.score,
      decidingWords: analysis.sentiment.decidingWords.map(({ word, weight }) => ({ word, weight })),
    },
  };
  plan.add(itemStream(itemId), 'no_stream', {
    ...(capturedFitsContract(captured) ? decided(ItemCaptured, captured) : ItemCaptured.create(captured)),
    eventId: capturedEventId,
  });
  // What clustering decided answers the capture: its causation is the ItemCaptured event.
  const caused = { causationId: capturedEventId };

  const base = clusterFeatures(title, analysis.words, analysis.fingerprint, analysis.wordSet);
  const { decision, item } = chooseIncident(
    deps.version,
    { itemId, at: deps.now, ...base } satisfies ClusterItem,
    offered.outlet,
    state.incidents,
    deps.profiles,
    () => deps.eventFeatures({ title, words: analysis.words, outlet: offered.outlet }),
  );
  // The object kept is the one the incident's candidate holds: clustering keeps an incident's profile while
  // its items are the same objects.
  deps.clustered(itemId, item);
  const ruleSetVersion = clusteringRuleSetVersion(deps.version);
  const keep = ITEMS_PER_INCIDENT[deps.version];
  if (decision.kind === 'new-incident') {
    const incidentId = deps.newId();
    plan.add(incidentStream(incidentId), 'no_stream', {
      ...decided(IncidentDetected, { incidentId, title, itemIds: [itemId], detectedAt: at, ruleSetVersion }),
      metadata: caused,
    });
    attach(state.incidents, decision, incidentId, item, deps.now, keep);
    touched.add(incidentId);
    return { status: 'captured', itemId, incidentId, relation: 'new-incident' };
  }
  plan.add(incidentStream(decision.incidentId), 'any', {
    ...decided(ItemAttachedToIncident, {
      itemId,
      incidentId: decision.incidentId,
      relation: decision.relation,
      similarity: decision.similarity,
      ruleSetVersion,
      ...(decision.matched ? { matched: explanation(decision.matched) } : {}),
    }),
    metadata: caused,
  });
  attach(state.incidents, decision, decision.incidentId, item, deps.now, keep);
  touched.add(decision.incidentId);
  return { status: 'captured', itemId, incidentId: decision.incidentId, relation: decision.relation };
}
