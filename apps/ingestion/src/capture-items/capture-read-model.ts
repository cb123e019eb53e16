import type { PoolClient } from 'pg';
import {
  clusterFeatures,
  KnownItems,
  simhashFromHex,
  type ClusterFeatures,
  type IncidentCandidate,
  type IncidentHeatRow,
  type MonitoringRule,
  type PreparedCandidate,
} from '@yuqing/ingestion-domain';
import type { CaptureCaches } from './capture-caches';

/**
 * What capture reads of its unit, on the capture transaction's connection (under the unit's lock): the active
 * rules, the items the batch may duplicate, the open incidents with their latest items, the touched incidents' heat.
 */
export class CaptureReadModel {
  constructor(private readonly schema: string) {}

  async rules(db: PoolClient, orgUnit: string, caches: CaptureCaches): Promise<MonitoringRule[]> {
    const { rows } = await db.query<{
      rule_id: string;
      version: number;
      expression: string;
      platforms: string[];
    }>(
      `select rule_id, version, expression, platforms from ${this.schema}.rules where org_unit = $1 and active`,
      [orgUnit],
    );
    return rows.map((row) => ({
      ruleId: row.rule_id,
      version: row.version,
      expression: caches.rule(row.rule_id, row.version, row.expression),
      platforms: row.platforms,
    }));
  }

  /** One query for the whole batch: which of its addresses and contents the unit already holds. */
  async known(db: PoolClient, orgUnit: string, prepared: readonly PreparedCandidate[]): Promise<KnownItems> {
    const { rows } = await db.query<{ item_id: string; canonical_url: string; content_hash: string }>(
      `select item_id, canonical_url, content_hash from ${this.schema}.items
        where org_unit = $1 and (canonical_url = any($2) or content_hash = any($3))`,
      [orgUnit, prepared.map((p) => p.url), prepared.map((p) => p.hash)],
    );
    const known = new KnownItems();
    for (const row of rows) known.add(row.canonical_url, row.content_hash, row.item_id);
    return known;
  }

  /** The unit's incidents active since `since`, most recent first, each with its latest `keep` items' features. */
  async openIncidents(
    db: PoolClient,
    orgUnit: string,
    since: Date,
    keep: number,
    caches: CaptureCaches,
  ): Promise<IncidentCandidate[]> {
    const s = this.schema;
    const { rows } = await db.query<{ incident_id: string; last_activity_at: Date; item_id: string }>(
      `select i.incident_id, i.last_activity_at, it.item_id
         from ${s}.incidents i
         join lateral (select item_id from ${s}.items where incident_id = i.incident_id
                        order by captured_at desc limit ${keep}) it on true
        where i.org_unit = $1 and i.last_activity_at >= $2 and i.merged_into is null
        order by i.last_activity_at desc`,
      [orgUnit, since],
    );
    const found = new Map<string, ClusterFeatures>();
    for (const row of rows) {
      const cached = caches.feature(row.item_id);
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
        const features = caches.featuresOf(
          item.title,
          words,
          item.outlet,
          clusterFeatures(item.title, words, simhashFromHex(item.fingerprint)),
        );
        found.set(item.item_id, features);
        caches.remember(item.item_id, features);
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

  /** The touched incidents' last heat and kept heat state. */
  async heat(db: PoolClient, incidentIds: readonly string[]): Promise<IncidentHeatRow[]> {
    const { rows } = await db.query<IncidentHeatRow>(
      `select incident_id as "incidentId", heat_index as "heatIndex", widest_reach as "widestReach",
              item_count as "itemCount", engagement, heat_state as "heatState"
         from ${this.schema}.incidents where incident_id = any($1)`,
      [incidentIds],
    );
    return rows;
  }
}
