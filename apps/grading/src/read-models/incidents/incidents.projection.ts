import type { PoolClient } from 'pg';
import {
  FactReceived,
  GenuinenessJudged,
  GradeProposed,
  IncidentCategorised,
  gradingEvents,
  type EventData,
  type RecordedEvent,
  gradeInForce,
} from '@yuqing/contracts';
import { defineProjection, type ProjectionDefinition } from '@yuqing/event-store';

async function applyFact(s: string, c: PoolClient, e: RecordedEvent): Promise<void> {
  const { incidentId, fact } = e.data as EventData<typeof FactReceived>;
  await c.query(
    `insert into ${s}.facts (event_id, incident_id, type, data, occurred_at, received_at) values ($1, $2, $3, $4, $5, $6)
     on conflict (incident_id, event_id) do nothing`,
    [fact.eventId, incidentId, fact.type, JSON.stringify(fact.data), fact.occurredAt, e.recordedAt],
  );
  switch (fact.type) {
    case 'ingestion.IncidentDetected':
      await c.query(
        `update ${s}.incidents set title = $2, detected_at = $3, split_from = $4 where incident_id = $1`,
        [incidentId, fact.data.title, fact.data.detectedAt, fact.data.splitFromIncidentId ?? null],
      );
      if (fact.data.splitFromIncidentId) await moveItems(s, c, fact.data.itemIds, incidentId);
      return;
    case 'ingestion.ItemAttachedToIncident':
      if (fact.data.relation === 'manual') await moveItems(s, c, [fact.data.itemId], incidentId);
      return;
    case 'ingestion.IncidentsMerged':
      await moveItems(s, c, fact.data.itemIds, incidentId);
      return;
    case 'ingestion.ItemDetachedFromIncident':
      await moveItems(s, c, [fact.data.itemId], fact.data.movedToIncidentId);
      return;
    case 'ingestion.IncidentSplit':
      await moveItems(s, c, fact.data.itemIds, fact.data.newIncidentId);
      return;
    case 'ingestion.IncidentMergedInto':
      // Closed by the merge: nothing awaits the authority here any more.
      await c.query(
        `update ${s}.incidents set merged_into = $2, open_proposal = null where incident_id = $1`,
        [incidentId, fact.data.intoIncidentId],
      );
      await moveItems(s, c, fact.data.itemIds, fact.data.intoIncidentId);
      return;
    case 'ingestion.ItemCaptured': {
      const d = fact.data;
      await c.query(
        `insert into ${s}.items (item_id, incident_id, title, outlet, reach_tier, platform, url) values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (item_id) do nothing`,
        [d.itemId, incidentId, d.title ?? null, d.outlet, d.reachTier, d.platform, d.url ?? null],
      );
      return;
    }
    case 'ingestion.ItemDismissed':
      await c.query(`update ${s}.items set dismissed = true where item_id = $1`, [fact.data.itemId]);
      return;
    case 'ingestion.IncidentHeatChanged':
      await c.query(
        `update ${s}.incidents set heat_index = $2, widest_reach = $3, item_count = $4 where incident_id = $1`,
        [incidentId, fact.data.heatIndex, fact.data.widestReach, fact.data.itemCount],
      );
      return;
    default:
      return;
  }
}

/**
 * Items a monitor moved (改归, 合并, 拆分) belong where they went. Their rows exist once their capture was recorded
 * (clustering's own detections and attachments come before it, so they never move a row); the capture recorded
 * again in the new incident's stream finds the row there already.
 */
async function moveItems(
  s: string,
  c: PoolClient,
  itemIds: readonly string[],
  incidentId: string,
): Promise<void> {
  await c.query(`update ${s}.items set incident_id = $2 where item_id = any($1::text[])`, [
    [...itemIds],
    incidentId,
  ]);
}

async function applyDecision(s: string, c: PoolClient, e: RecordedEvent, incidentId: string): Promise<void> {
  await c.query(
    `insert into ${s}.decisions (event_id, incident_id, position, type, data, actor, causation_id, rule_version, recorded_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (event_id) do nothing`,
    [
      e.eventId,
      incidentId,
      e.streamPosition,
      e.type,
      JSON.stringify(e.data),
      JSON.stringify(e.metadata.actor),
      e.metadata.causationId ?? null,
      e.metadata.ruleVersion ?? null,
      e.recordedAt,
    ],
  );
  const inForce = gradeInForce(e);
  if (inForce) {
    // A grade coming into force answers (or supersedes) whatever proposal was open.
    await c.query(
      `update ${s}.incidents set grade = $2, grade_by = $3, grade_event_id = $4, grade_at = $5, open_proposal = null
        where incident_id = $1`,
      [incidentId, JSON.stringify(inForce.grade), inForce.by, e.eventId, e.recordedAt],
    );
    return;
  }
  switch (e.type) {
    case GradeProposed.type: {
      const d = e.data as EventData<typeof GradeProposed>;
      const proposal = { ...d, eventId: e.eventId, proposedAt: e.recordedAt.toISOString() };
      await c.query(`update ${s}.incidents set open_proposal = $2 where incident_id = $1`, [
        incidentId,
        JSON.stringify(proposal),
      ]);
      return;
    }
    case IncidentCategorised.type:
      await c.query(`update ${s}.incidents set categories = $2 where incident_id = $1`, [
        incidentId,
        (e.data as EventData<typeof IncidentCategorised>).categories,
      ]);
      return;
    case GenuinenessJudged.type: {
      const d = e.data as EventData<typeof GenuinenessJudged>;
      const judgement = { verdict: d.verdict, basis: d.basis, eventId: e.eventId, judgedAt: e.recordedAt };
      await c.query(`update ${s}.incidents set genuineness = $2 where incident_id = $1`, [
        incidentId,
        JSON.stringify(judgement),
      ]);
      return;
    }
    default:
      return;
  }
}

/**
 * Keeps the grading read models in the transaction of each append: per incident its grade in force, open
 * proposal, heat and categories; its items and the facts received (what evidence names); and every decision in
 * stream order. Everything here is rebuilt from the grading streams by the ProjectionRunner.
 */
export function incidentsProjection(schema: string): ProjectionDefinition {
  const s = schema;
  return defineProjection({
    name: 'grading.incidents',
    handles: gradingEvents.map((e) => e.type),
    tables: [
      { name: 'incidents', key: ['incident_id'] },
      { name: 'items', key: ['item_id'] },
      { name: 'facts', key: ['incident_id', 'event_id'] },
      { name: 'decisions', key: ['event_id'] },
    ],
    async evolve(events, client) {
      for (const e of events) {
        const incidentId = (e.data as { incidentId: string }).incidentId;
        await client.query(
          `insert into ${s}.incidents (incident_id, org_unit, version, last_activity_at) values ($1, $2, $3, $4)
           on conflict (incident_id) do update set version = excluded.version, last_activity_at = excluded.last_activity_at`,
          [incidentId, e.metadata.orgUnit, e.streamPosition, e.recordedAt],
        );
        if (e.type === FactReceived.type) await applyFact(s, client, e);
        else await applyDecision(s, client, e, incidentId);
      }
    },
  });
}
