import type { PoolClient } from 'pg';
import {
  HandlingCompleted,
  HandlingSummarySubmitted,
  type EventData,
  type RecordedEvent,
} from '@yuqing/contracts';
import { defineProjection, type ProjectionDefinition } from '@yuqing/event-store';

// 处置完毕 and 处置总结: when each incident's handling was declared complete, and the summaries reported, part by part
// (what the case library will take for 一级 and 二级). The summary obligation itself is in `obligations`.

export function handlingSummariesProjection(schema: string): ProjectionDefinition {
  return defineProjection({
    name: 'reporting.handling-summaries',
    handles: [HandlingCompleted.type, HandlingSummarySubmitted.type],
    tables: [
      { name: 'handling_completions', key: ['incident_id'] },
      { name: 'handling_summaries', key: ['summary_id'] },
    ],
    async evolve(events, client) {
      for (const event of events) await applyEvent(schema, client, event);
    },
  });
}

async function applyEvent(s: string, client: PoolClient, event: RecordedEvent): Promise<void> {
  switch (event.type) {
    case HandlingCompleted.type: {
      const e = event.data as EventData<typeof HandlingCompleted>;
      await client.query(
        `insert into ${s}.handling_completions (incident_id, org_unit, completed_at, note, grade, declared_by)
         values ($1,$2,$3,$4,$5,$6) on conflict (incident_id) do nothing`,
        [
          e.incidentId,
          event.metadata.orgUnit,
          e.completedAt,
          e.note ?? null,
          e.grade ? JSON.stringify(e.grade) : null,
          event.metadata.actor.id,
        ],
      );
      return;
    }
    case HandlingSummarySubmitted.type: {
      const e = event.data as EventData<typeof HandlingSummarySubmitted>;
      await client.query(
        `insert into ${s}.handling_summaries (summary_id, obligation_id, incident_id, org_unit, grade, what_happened,
           how_handled, lessons, outlook, recipient, submitted_at, submitted_by)
         values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) on conflict (summary_id) do nothing`,
        [
          e.summaryId,
          e.obligationId,
          e.incidentId,
          event.metadata.orgUnit,
          e.grade ? JSON.stringify(e.grade) : null,
          e.whatHappened ?? null,
          e.howHandled ?? null,
          e.lessons ?? null,
          e.outlook ?? null,
          e.recipientOrgUnitId,
          e.submittedAt,
          event.metadata.actor.id,
        ],
      );
      return;
    }
    default:
      return;
  }
}
