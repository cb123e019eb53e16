import type { PoolClient } from 'pg';
import type {
  EventData,
  RecordedEvent,
  DuplicateItemSeen,
  IncidentDetected,
  IncidentHeatChanged,
  ItemAttachedToIncident,
  ItemCaptured,
  ItemDismissed,
  ItemTransferredIn,
  ItemVerified,
  MonitoringRuleDefined,
  SourceFetchFailed,
  SourceRegistered,
  WatchWindowScheduled,
} from '@yuqing/contracts';
import type { InlineProjection } from '@yuqing/event-store';
import { segment } from '../text-analysis/text-analysis';

type Handlers = { [type: string]: (client: PoolClient, event: RecordedEvent) => Promise<unknown> };

/**
 * Keeps the ingestion read models in the transaction of each append. Words of a captured item come from the
 * pipeline's cache when it just segmented them, and are segmented again when the projection is rebuilt.
 */
export function ingestionProjection(
  schema: string,
  wordsCache: Map<string, readonly string[]>,
): InlineProjection {
  const s = schema;
  const handlers: Handlers = {
    'ingestion.SourceRegistered': (c, e) => {
      const d = e.data as EventData<typeof SourceRegistered>;
      return c.query(
        `insert into ${s}.sources (source_id, org_unit, name, url, platform, reach_tier, feed_url, poll_seconds, next_poll_at, registered_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, case when $7::text is null then null else $9::timestamptz end, $9)`,
        [
          d.sourceId,
          e.metadata.orgUnit,
          d.name,
          d.url,
          d.platform,
          d.reachTier,
          d.feedUrl ?? null,
          d.pollSeconds ?? null,
          e.recordedAt,
        ],
      );
    },
    'ingestion.SourceFetchFailed': (c, e) => {
      const d = e.data as EventData<typeof SourceFetchFailed>;
      return c.query(
        `update ${s}.sources set consecutive_failures = $2, next_poll_at = $3 where source_id = $1`,
        [d.sourceId, d.consecutiveFailures, d.nextAttemptAt],
      );
    },
    'ingestion.SourceFetchRecovered': (c, e) =>
      c.query(`update ${s}.sources set consecutive_failures = 0 where source_id = $1`, [
        (e.data as { sourceId: string }).sourceId,
      ]),
    'ingestion.MonitoringRuleDefined': (c, e) => {
      const d = e.data as EventData<typeof MonitoringRuleDefined>;
      return c.query(
        `insert into ${s}.rules (rule_id, org_unit, version, name, expression, platforms, active) values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (rule_id) do update set version = excluded.version, name = excluded.name, expression = excluded.expression,
           platforms = excluded.platforms, active = excluded.active`,
        [d.ruleId, e.metadata.orgUnit, d.ruleVersion, d.name, d.expression, d.platforms, d.active],
      );
    },
    'ingestion.WatchWindowScheduled': (c, e) => {
      const d = e.data as EventData<typeof WatchWindowScheduled>;
      return c.query(`insert into ${s}.watch_windows values ($1, $2, $3, $4, $5, $6)`, [
        d.windowId,
        e.metadata.orgUnit,
        d.name,
        d.startsAt,
        d.endsAt,
        d.pollIntervalFactor,
      ]);
    },
    'ingestion.ItemCaptured': (c, e) => {
      const d = e.data as EventData<typeof ItemCaptured>;
      const words = wordsCache.get(d.itemId) ?? segment(`${d.title}\n${d.text}`);
      wordsCache.delete(d.itemId);
      return c.query(
        `insert into ${s}.items (item_id, org_unit, url, canonical_url, content_hash, title, platform, reach_tier, outlet, source_id,
           published_at, captured_at, capture_method, engagement, sentiment, fingerprint, words, matched_terms)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         on conflict (item_id) do update set url = excluded.url, canonical_url = excluded.canonical_url, content_hash = excluded.content_hash,
           title = excluded.title, captured_at = excluded.captured_at, fingerprint = excluded.fingerprint, words = excluded.words`,
        [
          d.itemId,
          e.metadata.orgUnit,
          d.url,
          d.canonicalUrl,
          d.contentHash,
          d.title,
          d.platform,
          d.reachTier,
          d.outlet,
          d.sourceId ?? null,
          d.publishedAt ?? null,
          d.capturedAt,
          d.captureMethod,
          d.engagement ?? {},
          d.sentiment,
          d.fingerprint,
          words,
          d.matchedTerms,
        ],
      );
    },
    'ingestion.ItemTransferredIn': (c, e) => {
      const d = e.data as EventData<typeof ItemTransferredIn>;
      return c.query(`update ${s}.items set respond_by = $2 where item_id = $1`, [d.itemId, d.respondBy]);
    },
    'ingestion.DuplicateItemSeen': (c, e) => {
      const d = e.data as EventData<typeof DuplicateItemSeen>;
      return c.query(`update ${s}.items set duplicates = duplicates + 1 where item_id = $1`, [
        d.duplicateOfItemId,
      ]);
    },
    'ingestion.IncidentDetected': async (c, e) => {
      const d = e.data as EventData<typeof IncidentDetected>;
      await c.query(
        `insert into ${s}.incidents (incident_id, org_unit, title, detected_at, last_activity_at, item_count) values ($1, $2, $3, $4, $4, $5)`,
        [d.incidentId, e.metadata.orgUnit, d.title, d.detectedAt, d.itemIds.length],
      );
      await c.query(`update ${s}.items set incident_id = $1 where item_id = any($2)`, [
        d.incidentId,
        d.itemIds,
      ]);
    },
    'ingestion.ItemAttachedToIncident': async (c, e) => {
      const d = e.data as EventData<typeof ItemAttachedToIncident>;
      await c.query(`update ${s}.items set incident_id = $1 where item_id = $2`, [d.incidentId, d.itemId]);
      await c.query(
        `update ${s}.incidents set item_count = item_count + 1, last_activity_at = greatest(last_activity_at, $2) where incident_id = $1`,
        [d.incidentId, e.recordedAt],
      );
    },
    'ingestion.IncidentHeatChanged': (c, e) => {
      const d = e.data as EventData<typeof IncidentHeatChanged>;
      return c.query(
        `update ${s}.incidents set heat_index = $2, widest_reach = $3, engagement = $4 where incident_id = $1`,
        [d.incidentId, d.heatIndex, d.widestReach, d.engagement],
      );
    },
    'ingestion.ItemVerified': (c, e) =>
      c.query(`update ${s}.items set status = 'verified' where item_id = $1`, [
        (e.data as EventData<typeof ItemVerified>).itemId,
      ]),
    'ingestion.ItemDismissed': (c, e) =>
      c.query(`update ${s}.items set status = 'dismissed' where item_id = $1`, [
        (e.data as EventData<typeof ItemDismissed>).itemId,
      ]),
  };
  return {
    name: 'ingestion-read-models',
    eventTypes: Object.keys(handlers),
    async handle(events, client) {
      for (const event of events) await handlers[event.type]!(client, event);
    },
  };
}
