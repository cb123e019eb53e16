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
  type EventMetadata,
} from '@yuqing/contracts';
import { uuidv7, type EventStoreTransaction, type PostgresEventStore } from '@yuqing/event-store';
import {
  canonicalUrl,
  cleanText,
  decideCluster,
  DEFAULT_CLUSTERING,
  DEFAULT_HEAT,
  evaluateKeywordExpression,
  heatChangeMatters,
  htmlToText,
  matchableText,
  measureHeat,
  parseKeywordExpression,
  simhashFromHex,
  type ClusterItem,
  type IncidentCandidate,
  type KeywordExpression,
  type ReachTier,
} from '@yuqing/ingestion-domain';
import { analyseText, contentHash } from '../text-analysis/text-analysis';

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
      readonly relation: 'new-incident' | 'near-duplicate' | 'repost' | 'related';
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

/** How many items of an open incident clustering compares a new item with (the most recent ones). */
const ITEMS_PER_INCIDENT = 20;

/**
 * From offered items to decided events, in one transaction per request and org unit: relevance by the
 * unit's monitoring rules, exact duplicates dropped, the rest captured, clustered into incidents, and the
 * heat of every touched incident measured. Requests of one org unit queue on an advisory lock, so two
 * batches never open two incidents for one story.
 */
export class CapturePipeline {
  private readonly parsedRules = new Map<string, KeywordExpression>();

  constructor(
    private readonly store: PostgresEventStore,
    private readonly wordsCache: Map<string, readonly string[]>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async capture(request: CaptureRequest): Promise<CaptureOutcome[]> {
    const s = this.store.schema;
    const requestHash = createHash('sha256').update(JSON.stringify(request.candidates)).digest('hex');
    return this.store.transaction(async (tx) => {
      const db = tx.client;
      await db.query('select pg_advisory_xact_lock(hashtext($1))', [`ingestion.capture.${request.orgUnit}`]);
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
      const outcomes: CaptureOutcome[] = [];
      for (const candidate of request.candidates) {
        outcomes.push(await this.captureOne(tx, candidate, { rules, incidents, touched, metadata, now }));
      }
      for (const incidentId of touched) await this.measureHeat(tx, incidentId, metadata, now);
      if (request.idempotencyKey) {
        await db.query(
          `insert into ${s}.idempotency_keys (org_unit, key, request_hash, response) values ($1, $2, $3, $4)`,
          [request.orgUnit, request.idempotencyKey, requestHash, JSON.stringify(outcomes)],
        );
      }
      return outcomes;
    });
  }

  private async captureOne(
    tx: EventStoreTransaction,
    offered: CaptureCandidate,
    ctx: {
      rules: LoadedRule[];
      incidents: IncidentCandidate[];
      touched: Set<string>;
      metadata: EventMetadata;
      now: Date;
    },
  ): Promise<CaptureOutcome> {
    const s = this.store.schema;
    const itemId = uuidv7();
    const title = cleanText(offered.title, 500);
    const text = htmlToText(offered.text, 50_000);
    const url = canonicalUrl(offered.url);

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
        await tx.append(itemStream(itemId), [ItemRejected.create({ itemId, url: offered.url, reason })], {
          expectedVersion: 'no_stream',
          metadata: ctx.metadata,
        });
        return { status: 'rejected', itemId, reason };
      }
    }

    // Exact duplicates: the same address or the same words, already kept in this unit.
    const hash = contentHash(title, text);
    const { rows: dup } = await tx.client.query<{ item_id: string }>(
      `select item_id from ${s}.items where org_unit = $1 and (canonical_url = $2 or content_hash = $3) limit 1`,
      [ctx.metadata.orgUnit, url, hash],
    );
    if (dup[0]) {
      const seen = DuplicateItemSeen.create({
        duplicateOfItemId: dup[0].item_id,
        url: offered.url,
        contentHash: hash,
        seenAt: iso(ctx.now),
        ...(offered.engagement ? { engagement: offered.engagement } : {}),
      });
      await tx.append(itemStream(dup[0].item_id), [seen], { expectedVersion: 'any', metadata: ctx.metadata });
      return { status: 'duplicate', duplicateOf: dup[0].item_id };
    }

    const analysis = analyseText(title, text);
    this.wordsCache.set(itemId, analysis.words);
    const events = [];
    if (offered.transfer) {
      events.push(
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
    events.push(
      ItemCaptured.create({
        ...content,
        itemId,
        title,
        text,
        capturedAt: iso(ctx.now),
        contentHash: hash,
        canonicalUrl: url,
        fingerprint: analysis.fingerprint,
        matchedRules: matched.map(({ ruleId, ruleVersion }) => ({ ruleId, ruleVersion })),
        matchedTerms: [...new Set(matched.flatMap((m) => m.terms))].slice(0, 50),
        sentiment: {
          polarity: analysis.sentiment.polarity,
          score: analysis.sentiment.score,
          decidingWords: analysis.sentiment.decidingWords.map(({ word, weight }) => ({ word, weight })),
        },
      }),
    );
    // The item's own stream comes first, so the read model has it before an incident names it.
    const captured = await tx.append(itemStream(itemId), events, {
      expectedVersion: 'no_stream',
      metadata: ctx.metadata,
    });
    const causation = { ...ctx.metadata, causationId: captured.events[captured.events.length - 1]!.eventId };

    const clusterItem: ClusterItem = {
      itemId,
      title,
      words: analysis.words,
      fingerprint: simhashFromHex(analysis.fingerprint),
      at: ctx.now,
    };
    const decision = decideCluster(clusterItem, ctx.incidents);
    if (decision.kind === 'new-incident') {
      const incidentId = uuidv7();
      await tx.append(
        incidentStream(incidentId),
        [
          IncidentDetected.create({
            incidentId,
            title,
            itemIds: [itemId],
            detectedAt: iso(ctx.now),
            ruleSetVersion: DEFAULT_CLUSTERING.version,
          }),
        ],
        { expectedVersion: 'no_stream', metadata: causation },
      );
      ctx.incidents.unshift({ incidentId, lastActivityAt: ctx.now, items: [clusterItem] });
      ctx.touched.add(incidentId);
      return { status: 'captured', itemId, incidentId, relation: 'new-incident' };
    }
    await tx.append(
      incidentStream(decision.incidentId),
      [
        ItemAttachedToIncident.create({
          itemId,
          incidentId: decision.incidentId,
          relation: decision.relation,
          similarity: decision.similarity,
          ruleSetVersion: DEFAULT_CLUSTERING.version,
        }),
      ],
      { expectedVersion: 'any', metadata: causation },
    );
    const incident = ctx.incidents.find((candidate) => candidate.incidentId === decision.incidentId)!;
    ctx.incidents.splice(ctx.incidents.indexOf(incident), 1, {
      ...incident,
      lastActivityAt: ctx.now,
      items: [clusterItem, ...incident.items].slice(0, ITEMS_PER_INCIDENT),
    });
    ctx.touched.add(decision.incidentId);
    return { status: 'captured', itemId, incidentId: decision.incidentId, relation: decision.relation };
  }

  /** Heat of an incident from all its items; an event only when the change matters. */
  private async measureHeat(
    tx: EventStoreTransaction,
    incidentId: string,
    metadata: EventMetadata,
    now: Date,
  ): Promise<void> {
    const s = this.store.schema;
    const { rows: items } = await tx.client.query<{
      reach_tier: ReachTier;
      engagement: Record<string, number>;
      captured_at: Date;
    }>(`select reach_tier, engagement, captured_at from ${s}.items where incident_id = $1`, [incidentId]);
    const { rows } = await tx.client.query<{
      heat_index: number;
      widest_reach: ReachTier | null;
      item_count: number;
    }>(`select heat_index, widest_reach, item_count from ${s}.incidents where incident_id = $1`, [
      incidentId,
    ]);
    const previous = rows[0];
    const heat = measureHeat(
      items.map((item) => ({
        reachTier: item.reach_tier,
        engagement: item.engagement,
        at: item.captured_at,
      })),
      now,
    );
    const before = previous?.widest_reach
      ? { heatIndex: previous.heat_index, widestReach: previous.widest_reach }
      : undefined;
    if (!heatChangeMatters(before, heat)) return;
    await tx.append(
      incidentStream(incidentId),
      [
        IncidentHeatChanged.create({
          incidentId,
          heatIndex: heat.heatIndex,
          previousHeatIndex: previous?.heat_index ?? 0,
          itemCount: heat.itemCount,
          engagement: heat.engagement,
          widestReach: heat.widestReach,
          measuredAt: iso(now),
          ruleSetVersion: DEFAULT_HEAT.version,
        }),
      ],
      { expectedVersion: 'any', metadata },
    );
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
    const since = new Date(now.getTime() - DEFAULT_CLUSTERING.windowHours * 3_600_000);
    const { rows } = await db.query<{
      incident_id: string;
      last_activity_at: Date;
      title: string;
      words: string[];
      fingerprint: string;
    }>(
      `select i.incident_id, i.last_activity_at, it.title, it.words, it.fingerprint
         from ${s}.incidents i
         join lateral (select title, words, fingerprint from ${s}.items where incident_id = i.incident_id
                        order by captured_at desc limit ${ITEMS_PER_INCIDENT}) it on true
        where i.org_unit = $1 and i.last_activity_at >= $2
        order by i.last_activity_at desc`,
      [orgUnit, since],
    );
    const byIncident = new Map<string, IncidentCandidate & { items: ClusterItem[] }>();
    for (const row of rows) {
      const incident = byIncident.get(row.incident_id) ?? {
        incidentId: row.incident_id,
        lastActivityAt: row.last_activity_at,
        items: [],
      };
      incident.items.push({
        itemId: '',
        title: row.title,
        words: row.words,
        fingerprint: simhashFromHex(row.fingerprint),
        at: row.last_activity_at,
      });
      byIncident.set(row.incident_id, incident);
    }
    return [...byIncident.values()];
  }
}

interface LoadedRule {
  readonly ruleId: string;
  readonly version: number;
  readonly expression: KeywordExpression;
  readonly platforms: readonly string[];
}
