import { Injectable } from '@nestjs/common';
import { scopeCondition } from '@yuqing/auth';
import { ingestionStreams } from '@yuqing/contracts';
import { cursor, nextCursor, ReadModel } from '@yuqing/service-kit';

export type IncidentStatus = 'open' | 'merged' | 'all';

/** Queries on ingestion's items and incidents: what monitors read, always within the caller's scope. */
@Injectable()
export class IngestionIncidentsReadModel extends ReadModel {
  /** Incidents by latest activity, newest first; `open` those clustering still adds to, `merged` closed by a merge. */
  async incidents(
    scope: readonly string[],
    query: { limit: number; after?: string; status: IncidentStatus },
  ): Promise<{ incidents: unknown[]; next?: string }> {
    const from = cursor(query.after);
    const inScope = scopeCondition(scope, { column: 'org_unit' });
    const { rows } = await this.db.query<{ incidentId: string; lastActivityAt: Date }>(
      `select ${this.incidentColumns()}
         from ${this.table('incidents')} i
        where ${inScope.sql} and ($3::timestamptz is null or (last_activity_at, incident_id) < ($3, $4))
          and ($6::text = 'all' or (merged_into is null) = ($6::text = 'open'))
        order by last_activity_at desc, incident_id desc limit $5`,
      [...inScope.params, from?.at ?? null, from?.id ?? null, query.limit, query.status, INCIDENT_STREAM],
    );
    const last = rows[rows.length - 1];
    return {
      incidents: rows,
      ...(rows.length === query.limit && last
        ? { next: nextCursor(last.lastActivityAt, last.incidentId) }
        : {}),
    };
  }

  /** One incident with its items, each with how it came there (attachment); undefined when there is none. */
  async incident(incidentId: string): Promise<Record<string, unknown> | undefined> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `select ${this.incidentColumns('$2')} from ${this.table('incidents')} i where incident_id = $1`,
      [incidentId, INCIDENT_STREAM],
    );
    if (!rows[0]) return undefined;
    // Each item with how it came here (attachment): clustering's relation, similarity and what matched, or a
    // monitor's move, merge or split with the reason.
    const { rows: items } = await this.db.query(
      `select item_id as "itemId", title, left(text, 2000) as text, url, outlet, platform, reach_tier as "reachTier", published_at as "publishedAt",
              captured_at as "capturedAt", engagement, sentiment, status, duplicates, matched_terms as "matchedTerms",
              attachment
         from ${this.table('items')} where incident_id = $1 order by captured_at limit 500`,
      [incidentId],
    );
    return { ...rows[0], items };
  }

  /** Items by capture, newest first. */
  async items(
    scope: readonly string[],
    query: { limit: number; after?: string },
  ): Promise<{ items: unknown[]; next?: string }> {
    const from = cursor(query.after);
    const inScope = scopeCondition(scope, { column: 'org_unit' });
    const { rows } = await this.db.query<{ itemId: string; capturedAt: Date }>(
      `select item_id as "itemId", org_unit as "orgUnit", title, url, outlet, platform, reach_tier as "reachTier",
              captured_at as "capturedAt", incident_id as "incidentId", status, sentiment, respond_by as "respondBy"
         from ${this.table('items')}
        where ${inScope.sql} and ($3::timestamptz is null or (captured_at, item_id) < ($3, $4))
        order by captured_at desc, item_id desc limit $5`,
      [...inScope.params, from?.at ?? null, from?.id ?? null, query.limit],
    );
    const last = rows[rows.length - 1];
    return {
      items: rows,
      ...(rows.length === query.limit && last ? { next: nextCursor(last.capturedAt, last.itemId) } : {}),
    };
  }

  /**
   * An incident as monitors read it: `status` open or merged (closed, `mergedInto` the incident that took its
   * items), `splitFrom` when split off another, and `version`, its stream's version (If-Match of a correction).
   * `prefix` is the parameter holding the incident streams' prefix.
   */
  private incidentColumns(prefix = '$7'): string {
    return `incident_id as "incidentId", org_unit as "orgUnit", title, detected_at as "detectedAt", last_activity_at as "lastActivityAt",
            item_count as "itemCount", heat_index as "heatIndex", widest_reach as "widestReach", engagement,
            case when merged_into is null then 'open' else 'merged' end as status, merged_into as "mergedInto",
            merged_at as "mergedAt", split_from as "splitFrom",
            (select max(e.stream_position) from ${this.table('events')} e
              where e.stream_id = ${prefix}::text || i.incident_id)::int as version`;
  }
}

const INCIDENT_STREAM = ingestionStreams.incident.prefix;
