import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import {
  DuplicateItemSeen,
  IncidentDetected,
  IncidentHeatChanged,
  ItemAttachedToIncident,
  ItemCaptured,
  ItemRejected,
  ItemTransferredIn,
  DomainRuleError,
  type Actor,
  type CommandPayload,
  type CaptureItem,
  type EventData,
  type EventMetadata,
  type NewEvent,
} from '@yuqing/contracts';
import {
  uuidv7,
  type EventStoreTransaction,
  type ExpectedVersion,
  type PostgresEventStore,
  type StreamAppend,
} from '@yuqing/event-store';
import {
  canonicalUrl,
  cleanText,
  clusterFeatures,
  decideCluster,
  decideEventCluster,
  nearDuplicateIn,
  EVENT_CLUSTERING,
  EventFeatureExtractor,
  Gazetteer,
  IncidentProfiles,
  DEFAULT_SOURCE_CATALOGUE,
  effectiveReach,
  DEFAULT_CLUSTERING,
  DEFAULT_HEAT,
  evaluateKeywordExpression,
  heatChangeMatters,
  htmlToText,
  matchableText,
  heatFromState,
  parseKeywordExpression,
  simhashFromHex,
  simhashToHex,
  type CatalogueOutlet,
  type GazetteerPlace,
  type ClusterFeatures,
  type ClusterItem,
  type ClusteringDecision,
  type ClusteringMatch,
  type IncidentCandidate,
  type KeywordExpression,
  type HeatState,
  type ReachTier,
} from '@yuqing/ingestion-domain';
import { analyseText, contentHash, idf } from '../text-analysis/text-analysis';
import { capturedFitsContract, decided } from './decided-event';

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

export interface CaptureRequest {
  readonly orgUnit: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly candidates: readonly CaptureCandidate[];
  /** A retried request with the same key gets the first answer and appends nothing. */
  readonly idempotencyKey?: string;
}

/** The same Idempotency-Key was used for a different request (HTTP 422). */
export class IdempotencyKeyReusedError extends DomainRuleError {
  constructor(readonly key: string) {
    super(
      'ingestion.idempotency-key-reused',
      `Idempotency-Key ${key} was already used for a different request`,
    );
    this.name = 'IdempotencyKeyReusedError';
  }
}

const itemStream = (itemId: string) => `ingestion-item-${itemId}`;
const incidentStream = (incidentId: string) => `ingestion-incident-${incidentId}`;
const iso = (date: Date) => date.toISOString();

/**
 * How many items of an open incident clustering compares a new item with (the most recent ones): clustering@2
 * reads more of each item, and on the labelled set 4 decide as well as 12.
 */
const ITEMS_PER_INCIDENT = { 'clustering@1': 12, 'clustering@2': 8 } as const;

/**
 * Which clustering decides: clustering@2 (the same event in other words) by default; clustering@1 (copies,
 * reposts and heavy word overlap) stays for comparison (npm run eval:clustering) and for replaying old decisions.
 */
export type ClusteringVersion = 'clustering@1' | 'clustering@2';
/** Clustering features kept in memory, by item: enough for the open incidents of many busy units. */
const FEATURES_CACHED = 50_000;

/**
 * From offered items to decided events, in one transaction per request and org unit: relevance by the
 * unit's monitoring rules, exact duplicates dropped, the rest captured, clustered into incidents, and the
 * heat of every touched incident measured. Requests of one org unit queue on an advisory lock, so two
 * batches never open two incidents for one story.
 */
export class CapturePipeline {
  private readonly parsedRules = new Map<string, KeywordExpression>();
  /**
   * Clustering features by item id. An item's title and words never change, so its features are reduced once,
   * not once per batch; which items are compared still comes from the database in every batch.
   */
  private readonly features = new Map<string, ClusterFeatures>();

  private readonly catalogue: readonly CatalogueOutlet[];
  private readonly clustering: ClusteringVersion;
  private readonly events: EventFeatureExtractor;
  /** Open incidents' profiles, rebuilt only when their items change. */
  private readonly profiles = new IncidentProfiles();

  constructor(
    private readonly store: PostgresEventStore,
    private readonly wordsCache: Map<string, readonly string[]>,
    private readonly now: () => Date = () => new Date(),
    options: {
      /** Known outlets: an item's reach is widened to what the catalogue knows of its host. */
      readonly catalogue?: readonly CatalogueOutlet[];
      /** The places of the deployment's area, which clustering@2 reads. */
      readonly places?: readonly GazetteerPlace[];
      readonly clustering?: ClusteringVersion;
    } = {},
  ) {
    this.catalogue = options.catalogue ?? DEFAULT_SOURCE_CATALOGUE;
    this.clustering = options.clustering ?? 'clustering@2';
    this.events = new EventFeatureExtractor(idf, new Gazetteer(options.places));
    // The IDF table loads now, at start, not in the first capture request.
    if (this.clustering !== 'clustering@1') idf('');
  }

  private get clusteringVersion(): string {
    return this.clustering === 'clustering@1' ? DEFAULT_CLUSTERING.version : EVENT_CLUSTERING.version;
  }

  /** clustering@2 also reduces an item to its event (places, key terms, citations); @1 does not need it. */
  private featuresOf(
    title: string,
    words: readonly string[],
    outlet: string,
    base: ClusterFeatures,
  ): ClusterFeatures {
    return this.clustering === 'clustering@1'
      ? base
      : { ...base, event: this.events.features({ title, words, outlet }) };
  }

  async capture(request: CaptureRequest): Promise<CaptureOutcome[]> {
    const s = this.store.schema;
    // Only a request that may be retried needs its fingerprint (hashing a whole batch is not free).
    const requestHash = request.idempotencyKey
      ? createHash('sha256').update(JSON.stringify(request.candidates)).digest('hex')
      : '';
    // Words handed to the projection through the cache; on failure nobody takes them, so drop them here.
    const cached: string[] = [];
    try {
      return await this.store.transaction(async (tx) => {
        const db = tx.client;
        await db.query('select pg_advisory_xact_lock(hashtext($1))', [
          `ingestion.capture.${request.orgUnit}`,
        ]);
        if (request.idempotencyKey) {
          const { rows } = await db.query<{ request_hash: string; response: CaptureOutcome[] }>(
            `select request_hash, response from ${s}.idempotency_keys where org_unit = $1 and key = $2`,
            [request.orgUnit, request.idempotencyKey],
          );
          if (rows[0]) {
            if (rows[0].request_hash !== requestHash)
              throw new IdempotencyKeyReusedError(request.idempotencyKey);
            return rows[0].response;
          }
        }
        const now = this.now();
        const metadata: EventMetadata = {
          orgUnit: request.orgUnit,
          actor: request.actor,
          correlationId: request.correlationId,
        };
        const rules = await this.loadRules(db, request.orgUnit);
        const incidents = await this.loadOpenIncidents(db, request.orgUnit, now);
        const touched = new Set<string>();
        const prepared = request.candidates.map(prepare);
        const known = await this.loadKnown(db, request.orgUnit, prepared);
        // Decide every item in memory, then write all their streams in one round trip.
        const plan = new WritePlan();
        const outcomes = request.candidates.map((candidate, i) =>
          this.decideOne(candidate, prepared[i]!, { rules, incidents, touched, known, now, plan, cached }),
        );
        await tx.appendMany(plan.appends(metadata));
        await this.measureHeat(tx, [...touched], metadata, now);
        if (request.idempotencyKey) {
          await db.query(
            `insert into ${s}.idempotency_keys (org_unit, key, request_hash, response) values ($1, $2, $3, $4)`,
            [request.orgUnit, request.idempotencyKey, requestHash, JSON.stringify(outcomes)],
          );
        }
        return outcomes;
      });
    } catch (error) {
      for (const itemId of cached) this.wordsCache.delete(itemId);
      throw error;
    }
  }

  /** Decides one item's events into the plan; no I/O (the batch is written at once afterwards). */
  private decideOne(
    offered: CaptureCandidate,
    { title, text, url, hash }: Prepared,
    ctx: {
      rules: LoadedRule[];
      incidents: IncidentCandidate[];
      touched: Set<string>;
      /** Items of the unit by `u:<canonical url>` and `h:<content hash>`, this batch's included. */
      known: Map<string, string>;
      now: Date;
      plan: WritePlan;
      cached: string[];
    },
  ): CaptureOutcome {
    const itemId = uuidv7();

    // Relevance (涉本辖区): by the unit's rules, unless a person or an upper office already judged it.
    const judged =
      offered.captureMethod === 'manual' ||
      offered.captureMethod === 'media-tip-off' ||
      offered.transfer !== undefined;
    const matched: { ruleId: string; ruleVersion: number; terms: readonly string[] }[] = [];
    if (!judged) {
      const haystack = matchableText(`${title}\n${text}`);
      let excluded = false;
      for (const rule of ctx.rules) {
        if (rule.platforms.length > 0 && !rule.platforms.includes(offered.platform)) continue;
        const result = evaluateKeywordExpression(rule.expression, haystack);
        if (result.matched)
          matched.push({ ruleId: rule.ruleId, ruleVersion: rule.version, terms: result.terms });
        else if (result.excludedBy.length > 0) excluded = true;
      }
      if (matched.length === 0) {
        const reason = excluded ? 'excluded-term' : 'no-rule-matched';
        ctx.plan.add(
          itemStream(itemId),
          'no_stream',
          ItemRejected.create({ itemId, url: offered.url, reason }),
        );
        return { status: 'rejected', itemId, reason };
      }
    }

    // Exact duplicates: the same address or the same words, already kept in this unit (or earlier in this batch).
    const duplicateOf = ctx.known.get(`u:${url}`) ?? ctx.known.get(`h:${hash}`);
    if (duplicateOf) {
      ctx.plan.add(
        itemStream(duplicateOf),
        'any',
        DuplicateItemSeen.create({
          duplicateOfItemId: duplicateOf,
          url: offered.url,
          contentHash: hash,
          seenAt: iso(ctx.now),
          ...(offered.engagement ? { engagement: offered.engagement } : {}),
        }),
      );
      return { status: 'duplicate', duplicateOf };
    }
    ctx.known.set(`u:${url}`, itemId);
    ctx.known.set(`h:${hash}`, itemId);

    const analysis = analyseText(title, text);
    this.wordsCache.set(itemId, analysis.words);
    ctx.cached.push(itemId);
    if (offered.transfer) {
      ctx.plan.add(
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
    const capturedEventId = uuidv7();
    const captured: EventData<typeof ItemCaptured> = {
      ...content,
      reachTier: effectiveReach(offered.url, offered.reachTier, this.catalogue),
      itemId,
      title,
      text,
      capturedAt: iso(ctx.now),
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
    ctx.plan.add(itemStream(itemId), 'no_stream', {
      ...(capturedFitsContract(captured) ? decided(ItemCaptured, captured) : ItemCaptured.create(captured)),
      eventId: capturedEventId,
    });
    // What clustering decided answers the capture: its causation is the ItemCaptured event.
    const caused = { causationId: capturedEventId };

    const base = clusterFeatures(title, analysis.words, analysis.fingerprint, analysis.wordSet);
    let clusterItem: ClusterItem = { itemId, at: ctx.now, ...base };
    let decision: ClusteringDecision;
    if (this.clustering === 'clustering@1') decision = decideCluster(clusterItem, ctx.incidents);
    else {
      // A copy of an incident's item joins it and takes the original's event features under its own outlet:
      // reducing it again would find the same, and most of what crawlers bring are copies.
      const copy = nearDuplicateIn(clusterItem, ctx.incidents);
      const original = copy?.original.event;
      const event = copy
        ? original && { ...original, outlet: offered.outlet.trim() }
        : this.events.features({ title, words: analysis.words, outlet: offered.outlet });
      if (event) clusterItem = { ...clusterItem, event };
      decision =
        copy?.decision ?? decideEventCluster(clusterItem, ctx.incidents, EVENT_CLUSTERING, this.profiles);
    }
    // The object kept is the one the incident's candidate holds: clustering keeps an incident's profile while
    // its items are the same objects.
    this.remember(itemId, clusterItem);
    if (decision.kind === 'new-incident') {
      const incidentId = uuidv7();
      ctx.plan.add(incidentStream(incidentId), 'no_stream', {
        ...decided(IncidentDetected, {
          incidentId,
          title,
          itemIds: [itemId],
          detectedAt: iso(ctx.now),
          ruleSetVersion: this.clusteringVersion,
        }),
        metadata: caused,
      });
      ctx.incidents.unshift({ incidentId, lastActivityAt: ctx.now, items: [clusterItem] });
      ctx.touched.add(incidentId);
      return { status: 'captured', itemId, incidentId, relation: 'new-incident' };
    }
    ctx.plan.add(incidentStream(decision.incidentId), 'any', {
      ...decided(ItemAttachedToIncident, {
        itemId,
        incidentId: decision.incidentId,
        relation: decision.relation,
        similarity: decision.similarity,
        ruleSetVersion: this.clusteringVersion,
        ...(decision.matched ? { matched: explanation(decision.matched) } : {}),
      }),
      metadata: caused,
    });
    const incident = ctx.incidents.find((candidate) => candidate.incidentId === decision.incidentId)!;
    ctx.incidents.splice(ctx.incidents.indexOf(incident), 1, {
      ...incident,
      lastActivityAt: ctx.now,
      items: [clusterItem, ...incident.items].slice(0, ITEMS_PER_INCIDENT[this.clustering]),
    });
    ctx.touched.add(decision.incidentId);
    return { status: 'captured', itemId, incidentId: decision.incidentId, relation: decision.relation };
  }

  /** Heat of the touched incidents from their incrementally kept state; an event only where the change matters. */
  private async measureHeat(
    tx: EventStoreTransaction,
    incidentIds: readonly string[],
    metadata: EventMetadata,
    now: Date,
  ): Promise<void> {
    if (incidentIds.length === 0) return;
    const { rows: incidents } = await tx.client.query<{
      incident_id: string;
      heat_index: number;
      widest_reach: ReachTier | null;
      item_count: number;
      engagement: { views?: number; reposts?: number; comments?: number; likes?: number };
      heat_state: HeatState | null;
    }>(
      `select incident_id, heat_index, widest_reach, item_count, engagement, heat_state
         from ${this.store.schema}.incidents where incident_id = any($1)`,
      [incidentIds],
    );
    const plan = new WritePlan();
    for (const incident of incidents) {
      if (!incident.heat_state) continue;
      const heat = {
        heatIndex: heatFromState(incident.heat_state, now),
        widestReach: incident.heat_state.widest,
      };
      const before = incident.widest_reach
        ? { heatIndex: incident.heat_index, widestReach: incident.widest_reach }
        : undefined;
      if (!heatChangeMatters(before, heat)) continue;
      plan.add(
        incidentStream(incident.incident_id),
        'any',
        IncidentHeatChanged.create({
          incidentId: incident.incident_id,
          heatIndex: heat.heatIndex,
          previousHeatIndex: incident.heat_index,
          itemCount: incident.item_count,
          engagement: { views: 0, reposts: 0, comments: 0, likes: 0, ...incident.engagement },
          widestReach: heat.widestReach,
          measuredAt: iso(now),
          ruleSetVersion: DEFAULT_HEAT.version,
        }),
      );
    }
    await tx.appendMany(plan.appends(metadata));
  }

  /** One query for the whole batch: which of its addresses and contents the unit already holds. */
  private async loadKnown(
    db: PoolClient,
    orgUnit: string,
    prepared: readonly Prepared[],
  ): Promise<Map<string, string>> {
    const { rows } = await db.query<{ item_id: string; canonical_url: string; content_hash: string }>(
      `select item_id, canonical_url, content_hash from ${this.store.schema}.items
        where org_unit = $1 and (canonical_url = any($2) or content_hash = any($3))`,
      [orgUnit, prepared.map((p) => p.url), prepared.map((p) => p.hash)],
    );
    const known = new Map<string, string>();
    for (const row of rows) {
      known.set(`u:${row.canonical_url}`, row.item_id);
      known.set(`h:${row.content_hash}`, row.item_id);
    }
    return known;
  }

  private async loadRules(db: PoolClient, orgUnit: string): Promise<LoadedRule[]> {
    const { rows } = await db.query<{
      rule_id: string;
      version: number;
      expression: string;
      platforms: string[];
    }>(
      `select rule_id, version, expression, platforms from ${this.store.schema}.rules where org_unit = $1 and active`,
      [orgUnit],
    );
    return rows.map((row) => {
      const key = `${row.rule_id}@${row.version}`;
      let expression = this.parsedRules.get(key);
      if (!expression) {
        expression = parseKeywordExpression(row.expression);
        this.parsedRules.set(key, expression);
      }
      return { ruleId: row.rule_id, version: row.version, expression, platforms: row.platforms };
    });
  }

  private async loadOpenIncidents(db: PoolClient, orgUnit: string, now: Date): Promise<IncidentCandidate[]> {
    const s = this.store.schema;
    const windowHours =
      this.clustering === 'clustering@1' ? DEFAULT_CLUSTERING.windowHours : EVENT_CLUSTERING.windowHours;
    const since = new Date(now.getTime() - windowHours * 3_600_000);
    const { rows } = await db.query<{ incident_id: string; last_activity_at: Date; item_id: string }>(
      `select i.incident_id, i.last_activity_at, it.item_id
         from ${s}.incidents i
         join lateral (select item_id from ${s}.items where incident_id = i.incident_id
                        order by captured_at desc limit ${ITEMS_PER_INCIDENT[this.clustering]}) it on true
        where i.org_unit = $1 and i.last_activity_at >= $2 and i.merged_into is null
        order by i.last_activity_at desc`,
      [orgUnit, since],
    );
    const found = new Map<string, ClusterFeatures>();
    for (const row of rows) {
      const cached = this.features.get(row.item_id);
      if (cached) found.set(row.item_id, cached);
    }
    // Only items this process has not reduced yet (another replica's, or after a restart) are read whole.
    const missing = rows.filter((row) => !found.has(row.item_id)).map((row) => row.item_id);
    if (missing.length > 0) {
      const { rows: items } = await db.query<{
        item_id: string;
        title: string;
        words: string;
        fingerprint: string;
        outlet: string;
      }>(`select item_id, title, words, fingerprint, outlet from ${s}.items where item_id = any($1)`, [
        missing,
      ]);
      for (const item of items) {
        const words = item.words.split(' ');
        const features = this.featuresOf(
          item.title,
          words,
          item.outlet,
          clusterFeatures(item.title, words, simhashFromHex(item.fingerprint)),
        );
        found.set(item.item_id, features);
        this.remember(item.item_id, features);
      }
    }
    const byIncident = new Map<string, IncidentCandidate & { items: ClusterFeatures[] }>();
    for (const row of rows) {
      const incident = byIncident.get(row.incident_id) ?? {
        incidentId: row.incident_id,
        lastActivityAt: row.last_activity_at,
        items: [],
      };
      incident.items.push(found.get(row.item_id)!);
      byIncident.set(row.incident_id, incident);
    }
    return [...byIncident.values()];
  }

  /** Keeps an item's features; past the bound, the oldest half is forgotten (and re-read when needed). */
  private remember(itemId: string, features: ClusterFeatures): void {
    if (this.features.size >= FEATURES_CACHED) {
      let excess = this.features.size - FEATURES_CACHED / 2;
      for (const key of this.features.keys()) {
        if (excess-- <= 0) break;
        this.features.delete(key);
      }
    }
    this.features.set(itemId, features);
  }
}

/** The events a batch decided, grouped by stream in the order they were decided, for one appendMany. */
class WritePlan {
  private readonly streams = new Map<string, { expectedVersion: ExpectedVersion; events: NewEvent[] }>();

  add(streamId: string, expectedVersion: ExpectedVersion, event: NewEvent): void {
    const entry = this.streams.get(streamId);
    if (entry) entry.events.push(event);
    else this.streams.set(streamId, { expectedVersion, events: [event] });
  }

  appends(metadata: EventMetadata): StreamAppend[] {
    return [...this.streams].map(([streamId, { expectedVersion, events }]) => ({
      streamId,
      expectedVersion,
      events,
      metadata,
    }));
  }
}

/** An offered item normalised: plain bounded text, canonical address, content hash. */
interface Prepared {
  readonly title: string;
  readonly text: string;
  readonly url: string;
  readonly hash: string;
}

function prepare(offered: CaptureCandidate): Prepared {
  const title = cleanText(offered.title, 500);
  const text = htmlToText(offered.text, 50_000);
  return { title, text, url: canonicalUrl(offered.url), hash: contentHash(title, text) };
}

interface LoadedRule {
  readonly ruleId: string;
  readonly version: number;
  readonly expression: KeywordExpression;
  readonly platforms: readonly string[];
}

/** The explanation as the contract bounds it: names cut to their field sizes, at most 20 of each. */
function explanation(
  matched: ClusteringMatch,
): NonNullable<EventData<typeof ItemAttachedToIncident>['matched']> {
  const name = (value: string) => value.slice(0, 50);
  return {
    places: matched.places.slice(0, 20).map(name),
    terms: matched.terms.slice(0, 20).map(name),
    ...(matched.citedOutlet ? { citedOutlet: matched.citedOutlet.slice(0, 200) } : {}),
    ...(matched.titleSimilarity !== undefined ? { titleSimilarity: matched.titleSimilarity } : {}),
    ...(matched.components ? { components: { ...matched.components } } : {}),
  };
}
