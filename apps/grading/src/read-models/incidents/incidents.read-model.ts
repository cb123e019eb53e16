import { Injectable } from '@nestjs/common';
import { scopeCondition } from '@yuqing/auth';
import type { GradeLevel } from '@yuqing/contracts';
import { cursor, nextCursor, ReadModel } from '@yuqing/service-kit';

export interface IncidentRow {
  incidentId: string;
  orgUnit: string;
  lastActivityAt: Date;
  openProposal: { evidence: { kind: 'item' | 'event'; id: string }[] } | null;
  gradeEventId: string | null;
}

interface DecisionRow {
  eventId: string;
  type: string;
  data: { evidence?: { kind: string; id: string }[] };
}

const INCIDENT_COLUMNS = `incident_id as "incidentId", org_unit as "orgUnit", title, detected_at as "detectedAt",
  heat_index as "heatIndex", widest_reach as "widestReach", item_count as "itemCount", grade,
  grade_by as "gradeBy", grade_event_id as "gradeEventId", grade_at as "gradeAt", open_proposal as "openProposal",
  categories, genuineness, merged_into as "mergedInto", split_from as "splitFromIncidentId", version,
  last_activity_at as "lastActivityAt"`;

/** Queries on grading's incidents projection: grades in force, open proposals, evidence, history. */
@Injectable()
export class GradingIncidentsReadModel extends ReadModel {
  /** Incidents in scope by latest activity, newest first. */
  async list(
    scope: readonly string[],
    query: { limit: number; after?: string; level?: GradeLevel; awaitingConfirmation: boolean },
  ): Promise<{ incidents: IncidentRow[]; next?: string }> {
    const from = cursor(query.after);
    const inScope = scopeCondition(scope, { column: 'org_unit' });
    const { rows } = await this.db.query<IncidentRow>(
      `select ${INCIDENT_COLUMNS} from ${this.table('incidents')}
        where ${inScope.sql} and ($3::timestamptz is null or (last_activity_at, incident_id) < ($3, $4))
          and ($6::text is null or grade->>'level' = $6) and ($7::boolean is not true or open_proposal is not null)
        order by last_activity_at desc, incident_id desc limit $5`,
      [
        ...inScope.params,
        from?.at ?? null,
        from?.id ?? null,
        query.limit,
        query.level ?? null,
        query.awaitingConfirmation,
      ],
    );
    const last = rows[rows.length - 1];
    return {
      incidents: rows,
      ...(rows.length === query.limit && last
        ? { next: nextCursor(last.lastActivityAt, last.incidentId) }
        : {}),
    };
  }

  /** One incident with its items, facts, decisions and the evidence its proposal and grade rest on. */
  async incident(incidentId: string): Promise<Record<string, unknown> | undefined> {
    const { rows } = await this.db.query<IncidentRow>(
      `select ${INCIDENT_COLUMNS} from ${this.table('incidents')} where incident_id = $1`,
      [incidentId],
    );
    const incident = rows[0];
    if (!incident) return undefined;
    const [items, history, facts] = await Promise.all([
      this.db.query(
        `select item_id as "itemId", title, outlet, reach_tier as "reachTier", platform, url, dismissed
           from ${this.table('items')} where incident_id = $1 order by item_id limit 500`,
        [incidentId],
      ),
      this.db.query<DecisionRow>(
        `select event_id as "eventId", type, data, actor, causation_id as "causationId", rule_version as "ruleVersion",
                recorded_at as "recordedAt", position from ${this.table('decisions')} where incident_id = $1 order by position`,
        [incidentId],
      ),
      this.db.query<{ eventId: string; type: string; data: unknown; occurredAt: Date }>(
        `select event_id as "eventId", type, data, occurred_at as "occurredAt" from ${this.table('facts')} where incident_id = $1
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
