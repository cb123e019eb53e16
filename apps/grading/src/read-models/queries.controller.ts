import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import type { Pool } from 'pg';
import { z } from 'zod';
import { Auth, Permission, scopeCondition, type AuthContext } from '@yuqing/auth';
import { gradeLevel } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import { cursor, nextCursor, page, PG_POOL } from '@yuqing/service-kit';

const filters = page.extend({
  level: gradeLevel.optional(),
  /** Only incidents with a proposal awaiting the grading authority. */
  awaiting: z.enum(['confirmation']).optional(),
});

interface IncidentRow {
  incidentId: string;
  orgUnit: string;
  lastActivityAt: Date;
  openProposal: { evidence: { kind: 'item' | 'event'; id: string }[] } | null;
  gradeEventId: string | null;
}

const INCIDENT_COLUMNS = `incident_id as "incidentId", org_unit as "orgUnit", title, detected_at as "detectedAt",
  heat_index as "heatIndex", widest_reach as "widestReach", item_count as "itemCount", grade,
  grade_by as "gradeBy", grade_event_id as "gradeEventId", grade_at as "gradeAt", open_proposal as "openProposal",
  categories, genuineness, merged_into as "mergedInto", split_from as "splitFromIncidentId", version,
  last_activity_at as "lastActivityAt"`;

/** What everyone handling an incident reads: its grade in force, the proposal awaiting confirmation, evidence, history. */
@Controller('api/grading')
export class GradingQueriesController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
  ) {}

  @Get('incidents')
  @Permission('grading.read-incidents', { orgUnitFrom: 'none' })
  async incidents(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ incidents: unknown[]; next?: string }> {
    const { limit, after, level, awaiting } = filters.parse(query);
    const from = cursor(after);
    const scope = scopeCondition(auth.scope, { column: 'org_unit' });
    const { rows } = await this.pool.query<IncidentRow>(
      `select ${INCIDENT_COLUMNS} from ${this.store.schema}.incidents
        where ${scope.sql} and ($3::timestamptz is null or (last_activity_at, incident_id) < ($3, $4))
          and ($6::text is null or grade->>'level' = $6) and ($7::boolean is not true or open_proposal is not null)
        order by last_activity_at desc, incident_id desc limit $5`,
      [
        ...scope.params,
        from?.at ?? null,
        from?.id ?? null,
        limit,
        level ?? null,
        awaiting === 'confirmation',
      ],
    );
    const last = rows[rows.length - 1];
    return {
      incidents: rows,
      ...(rows.length === limit && last ? { next: nextCursor(last.lastActivityAt, last.incidentId) } : {}),
    };
  }

  @Get('incidents/:incidentId')
  @Permission('grading.read-incidents', { orgUnitFrom: { resolver: 'incident', from: 'params.incidentId' } })
  async incident(@Param('incidentId') incidentId: string): Promise<unknown> {
    const s = this.store.schema;
    const { rows } = await this.pool.query<IncidentRow>(
      `select ${INCIDENT_COLUMNS} from ${s}.incidents where incident_id = $1`,
      [incidentId],
    );
    const incident = rows[0];
    if (!incident) throw new NotFoundException(`incident ${incidentId} not found`);
    const [items, history, facts] = await Promise.all([
      this.pool.query(
        `select item_id as "itemId", title, outlet, reach_tier as "reachTier", platform, url, dismissed
           from ${s}.items where incident_id = $1 order by item_id limit 500`,
        [incidentId],
      ),
      this.pool.query<{ eventId: string; type: string; data: { evidence?: { kind: string; id: string }[] } }>(
        `select event_id as "eventId", type, data, actor, causation_id as "causationId", rule_version as "ruleVersion",
                recorded_at as "recordedAt", position from ${s}.decisions where incident_id = $1 order by position`,
        [incidentId],
      ),
      this.pool.query<{ eventId: string; type: string; data: unknown; occurredAt: Date }>(
        `select event_id as "eventId", type, data, occurred_at as "occurredAt" from ${s}.facts where incident_id = $1
          order by received_at, event_id limit 1000`,
        [incidentId],
      ),
    ]);
    // Evidence, resolved: each item or event the open proposal and the grade in force rest on.
    const cited = new Set<string>();
    for (const ref of incident.openProposal?.evidence ?? []) cited.add(ref.id);
    const inForce = history.rows.find((d) => d.eventId === incident.gradeEventId);
    for (const ref of inForce?.data.evidence ?? []) cited.add(ref.id);
    const proposalOfGrade = history.rows.find(
      (d) =>
        d.type === 'grading.GradeProposed' &&
        (d.data as { proposalId?: string }).proposalId ===
          (inForce?.data as { proposalId?: string } | undefined)?.proposalId,
    );
    for (const ref of proposalOfGrade?.data.evidence ?? []) cited.add(ref.id);
    const evidence = {
      items: items.rows.filter((item: { itemId: string }) => cited.has(item.itemId)),
      events: [
        ...facts.rows.filter((f) => cited.has(f.eventId)),
        ...history.rows.filter((d) => cited.has(d.eventId)),
      ],
    };
    return { ...incident, evidence, items: items.rows, facts: facts.rows, history: history.rows };
  }
}
