import { IncidentHeatChanged, ingestionStreams, type Actor, type EventMetadata } from '@yuqing/contracts';
import { uuidv7, type EventStoreTransaction, type PostgresEventStore } from '@yuqing/event-store';
import {
  canonicalUrl,
  cleanText,
  clusteringWindowHours,
  decideCapture,
  decideHeatChanges,
  DEFAULT_SOURCE_CATALOGUE,
  htmlToText,
  ITEMS_PER_INCIDENT,
  type CaptureCandidate,
  type CaptureOutcome,
  type CatalogueOutlet,
  type ClusteringVersion,
  type GazetteerPlace,
  type PreparedCandidate,
} from '@yuqing/ingestion-domain';
import { analyseText, contentHash } from '../text-analysis/text-analysis';
import { CaptureCaches } from './capture-caches';
import { CaptureReadModel } from './capture-read-model';

export type { CaptureCandidate, CaptureOutcome, ClusteringVersion } from '@yuqing/ingestion-domain';

export interface CaptureRequest {
  readonly orgUnit: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly candidates: readonly CaptureCandidate[];
}

/** The advisory lock captures (and clustering corrections) of one unit queue on. */
export const captureLock = (orgUnit: string): string => `ingestion.capture.${orgUnit}`;

export interface CaptureOptions {
  /** Known outlets: an item's reach is widened to what the catalogue knows of its host. */
  readonly catalogue?: readonly CatalogueOutlet[];
  /** The places of the deployment's area, which clustering@2 reads. */
  readonly places?: readonly GazetteerPlace[];
  readonly clustering?: ClusteringVersion;
}

/**
 * From offered items to appended events, in one transaction per request and org unit: load the unit's rules,
 * known items and open incidents; decide (libs/ingestion/domain decideCapture); append every stream at once; then
 * measure the heat of the touched incidents. Requests of one unit queue on an advisory lock (captureLock), so two
 * batches never open two incidents for one story.
 */
export class CaptureService {
  private readonly caches: CaptureCaches;
  private readonly reads: CaptureReadModel;
  private readonly catalogue: readonly CatalogueOutlet[];
  private readonly version: ClusteringVersion;

  constructor(
    private readonly store: PostgresEventStore,
    wordsCache: Map<string, readonly string[]>,
    /** The service's clock, for captures in a transaction of their own (the command path brings its own time). */
    private readonly now: () => Date,
    options: CaptureOptions = {},
  ) {
    this.catalogue = options.catalogue ?? DEFAULT_SOURCE_CATALOGUE;
    this.version = options.clustering ?? 'clustering@2';
    this.caches = new CaptureCaches(wordsCache, this.version, options.places);
    this.reads = new CaptureReadModel(store.schema);
  }

  /** In a transaction of its own, under the unit's lock (the feed poller, evaluation, tests). */
  capture(request: CaptureRequest): Promise<CaptureOutcome[]> {
    return this.store.transaction(async (tx) => {
      await tx.client.query('select pg_advisory_xact_lock(hashtext($1))', [captureLock(request.orgUnit)]);
      return this.captureIn(tx, request, this.now());
    });
  }

  /** In the caller's transaction, which already holds the unit's lock (captureLock). */
  async captureIn(tx: EventStoreTransaction, request: CaptureRequest, now: Date): Promise<CaptureOutcome[]> {
    const db = tx.client;
    const { orgUnit } = request;
    const metadata: EventMetadata = { orgUnit, actor: request.actor, correlationId: request.correlationId };
    // Words handed to the projection through the cache; on failure nobody takes them, so drop them here.
    const cached: string[] = [];
    const words = this.caches.words;
    try {
      const rules = await this.reads.rules(db, orgUnit, this.caches);
      const since = new Date(now.getTime() - clusteringWindowHours(this.version) * 3_600_000);
      const incidents = await this.reads.openIncidents(
        db,
        orgUnit,
        since,
        ITEMS_PER_INCIDENT[this.version],
        this.caches,
      );
      const prepared = request.candidates.map(prepare);
      const known = await this.reads.known(db, orgUnit, prepared);
      // Decide every item in memory, then write all their streams in one round trip.
      const { outcomes, plan, touched } = decideCapture(
        prepared,
        { rules, incidents, known },
        {
          newId: () => uuidv7(),
          now,
          version: this.version,
          catalogue: this.catalogue,
          analyse: analyseText,
          eventFeatures: this.caches.eventFeatures,
          profiles: this.caches.profiles,
          analysed: (itemId, itemWords) => {
            words.set(itemId, itemWords);
            cached.push(itemId);
          },
          clustered: this.caches.remember,
        },
      );
      await tx.appendMany(plan.appends(metadata));
      await this.measureHeat(tx, touched, metadata, now);
      return outcomes;
    } catch (error) {
      for (const itemId of cached) words.delete(itemId);
      throw error;
    }
  }

  /** Heat of the touched incidents from their incrementally kept state; an event only where the change matters. */
  private async measureHeat(
    tx: EventStoreTransaction,
    incidentIds: readonly string[],
    metadata: EventMetadata,
    now: Date,
  ): Promise<void> {
    if (incidentIds.length === 0) return;
    const changes = decideHeatChanges(await this.reads.heat(tx.client, incidentIds), now);
    await tx.appendMany(
      changes.map((change) => ({
        streamId: ingestionStreams.incident.id(change.incidentId),
        expectedVersion: 'any' as const,
        events: [IncidentHeatChanged.create(change)],
        metadata,
      })),
    );
  }
}

/** An offered item normalised: plain bounded text, canonical address, content hash. */
function prepare(offered: CaptureCandidate): PreparedCandidate {
  const title = cleanText(offered.title, 500);
  const text = htmlToText(offered.text, 50_000);
  return { offered, title, text, url: canonicalUrl(offered.url), hash: contentHash(title, text) };
}
