import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import type { Pool } from 'pg';
import { z } from 'zod';
import { Auth, Permission, scopeCondition, type AuthContext } from '@yuqing/auth';
import { PostgresEventStore } from '@yuqing/event-store';
import { cursor, nextCursor, page, PG_POOL } from '@yuqing/service-kit';

const incidentListing = page.extend({
  /** `open`: those clustering still adds to; `merged`: closed by a merge; `all` (default). */
  status: z.enum(['open', 'merged', 'all']).default('all'),
});

/** What monitors read: incidents by latest activity with their heat, and items; always within the caller's scope. */
@Controller('api/ingestion')
export class IngestionQueriesController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
  ) {}

  @Get('incidents')
  @Permission('ingestion.read-items', { orgUnitFrom: 'none' })
  async incidents(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ incidents: unknown[]; next?: string }> {
    const { limit, after, status } = incidentListing.parse(query);
    const from = cursor(after);
    const scope = scopeCondition(auth.scope, { column: 'org_unit' });
    const { rows } = await this.pool.query<{ incidentId: string; lastActivityAt: Date }>(
      `select ${this.incidentColumns()}
         from ${this.store.schema}.incidents i
        where ${scope.sql} and ($3::timestamptz is null or (last_activity_at, incident_id) < ($3, $4))
          and ($6::text = 'all' or (merged_into is null) = ($6::text = 'open'))
        order by last_activity_at desc, incident_id desc limit $5`,
      [...scope.params, from?.at ?? null, from?.id ?? null, limit, status],
    );
    const last = rows[rows.length - 1];
    return {
      incidents: rows,
      ...(rows.length === limit && last ? { next: nextCursor(last.lastActivityAt, last.incidentId) } : {}),
    };
  }

  @Get('incidents/:incidentId')
  @Permission('ingestion.read-items', { orgUnitFrom: { resolver: 'incident', from: 'params.incidentId' } })
  async incident(@Param('incidentId') incidentId: string): Promise<unknown> {
    const { rows } = await this.pool.query(
      `select ${this.incidentColumns()} from ${this.store.schema}.incidents i where incident_id = $1`,
      [incidentId],
    );
    if (!rows[0]) throw new NotFoundException(`incident ${incidentId} not found`);
    // Each item with how it came here (attachment): clustering's relation, similarity and what matched, or a
    // monitor's move, merge or split with the reason.
    const { rows: items } = await this.pool.query(
      `select item_id as "itemId", title, url, outlet, platform, reach_tier as "reachTier", published_at as "publishedAt",
              captured_at as "capturedAt", engagement, sentiment, status, duplicates, matched_terms as "matchedTerms",
              attachment
         from ${this.store.schema}.items where incident_id = $1 order by captured_at limit 500`,
      [incidentId],
    );
    return { ...rows[0], items };
  }

  /**
   * An incident as monitors read it: `status` open or merged (closed, `mergedInto` the incident that took its
   * items), `splitFrom` when split off another, and `version`, its stream's version (If-Match of a correction).
   */
  private incidentColumns(): string {
    return `incident_id as "incidentId", org_unit as "orgUnit", title, detected_at as "detectedAt", last_activity_at as "lastActivityAt",
            item_count as "itemCount", heat_index as "heatIndex", widest_reach as "widestReach", engagement,
            case when merged_into is null then 'open' else 'merged' end as status, merged_into as "mergedInto",
            merged_at as "mergedAt", split_from as "splitFrom",
            (select max(e.stream_position) from ${this.store.schema}.events e
              where e.stream_id = 'ingestion-incident-' || i.incident_id)::int as version`;
  }

  @Get('items')
  @Permission('ingestion.read-items', { orgUnitFrom: 'none' })
  async items(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ items: unknown[]; next?: string }> {
    const { limit, after } = page.parse(query);
    const from = cursor(after);
    const scope = scopeCondition(auth.scope, { column: 'org_unit' });
    const { rows } = await this.pool.query<{ itemId: string; capturedAt: Date }>(
      `select item_id as "itemId", org_unit as "orgUnit", title, url, outlet, platform, reach_tier as "reachTier",
              captured_at as "capturedAt", incident_id as "incidentId", status, sentiment, respond_by as "respondBy"
         from ${this.store.schema}.items
        where ${scope.sql} and ($3::timestamptz is null or (captured_at, item_id) < ($3, $4))
        order by captured_at desc, item_id desc limit $5`,
      [...scope.params, from?.at ?? null, from?.id ?? null, limit],
    );
    const last = rows[rows.length - 1];
    return {
      items: rows,
      ...(rows.length === limit && last ? { next: nextCursor(last.capturedAt, last.itemId) } : {}),
    };
  }
}
