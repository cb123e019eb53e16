import type { PoolClient } from 'pg';
import {
  CaseClosed,
  CaseEntryFiled,
  CaseFileAccessed,
  CaseOpened,
  CaseReopened,
  type EventData,
  type RecordedEvent,
} from '@yuqing/contracts';
import { defineProjection, type ProjectionScope } from '@yuqing/event-store';

async function apply(scope: ProjectionScope, db: PoolClient, event: RecordedEvent): Promise<void> {
  const cases = scope.table('cases');
  switch (event.type) {
    case CaseOpened.type: {
      const data = event.data as EventData<typeof CaseOpened>;
      await db.query(
        `insert into ${cases} (case_id, org_unit, status, opened_at, version)
         values ($1, $2, 'open', $3, $4) on conflict (case_id) do nothing`,
        [data.caseId, event.metadata.orgUnit, event.recordedAt, event.streamPosition],
      );
      return;
    }
    case CaseEntryFiled.type: {
      const data = event.data as EventData<typeof CaseEntryFiled>;
      const { source } = data;
      await db.query(
        `insert into ${scope.table('case_entries')} (case_id, position, entry_kind, summary, occurred_at,
           source_context, source_event_id, source_event_type, source_stream_id, source_stream_position,
           source_hash, facts)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) on conflict do nothing`,
        [
          data.caseId,
          event.streamPosition,
          data.entryKind,
          data.summary,
          data.occurredAt,
          source.context,
          source.eventId,
          source.eventType,
          source.streamId,
          source.streamPosition,
          source.hash ?? null,
          JSON.stringify(data.facts),
        ],
      );
      const title = data.entryKind === 'incident-detected' ? data.facts['title'] : undefined;
      await db.query(
        `update ${cases} set entries = entries + 1, version = $2,
           last_entry_at = greatest(last_entry_at, $3::timestamptz),
           title = coalesce($4, title),
           level = case when $5::text is not null then $5 else level end,
           exceptional = case when $5::text is not null then $6 else exceptional end
          where case_id = $1`,
        [
          data.caseId,
          event.streamPosition,
          data.occurredAt,
          typeof title === 'string' ? title : null,
          data.entryKind === 'grade-in-force' ? (data.facts['level'] as string) : null,
          data.facts['exceptional'] === true,
        ],
      );
      return;
    }
    case CaseClosed.type: {
      const data = event.data as EventData<typeof CaseClosed>;
      await db.query(
        `update ${cases} set status = 'closed', closed_at = $2, level = $3, exceptional = $4, category = $5,
           tags = $6, summary = $7, summary_source = $8, version = $9
          where case_id = $1`,
        [
          data.caseId,
          event.recordedAt,
          data.level,
          data.exceptional,
          data.category,
          data.tags,
          data.summary ? JSON.stringify(data.summary) : null,
          data.summarySource ?? null,
          event.streamPosition,
        ],
      );
      return;
    }
    case CaseReopened.type: {
      const data = event.data as EventData<typeof CaseReopened>;
      await db.query(
        `update ${cases} set status = 'open', closed_at = null, version = $2 where case_id = $1`,
        [data.caseId, event.streamPosition],
      );
      return;
    }
    case CaseFileAccessed.type: {
      const data = event.data as EventData<typeof CaseFileAccessed>;
      const { actor } = event.metadata;
      await db.query(
        `insert into ${scope.table('case_reads')} (case_id, position, purpose, reader_kind, reader_id, read_at)
         values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
        [data.caseId, event.streamPosition, data.purpose, actor.kind, actor.id, event.recordedAt],
      );
      await db.query(`update ${cases} set version = $2 where case_id = $1`, [
        data.caseId,
        event.streamPosition,
      ]);
      return;
    }
    default:
      return;
  }
}

/**
 * Case files (案卷) as offices and auditors read them: the case, its entries in order with their source links,
 * and who read it. Kept in the appending transaction (inline), rebuilt and verified from the case streams by the
 * projection runner (`npm run projections:rebuild -- archive`). The tables are created by migrations.ts.
 */
export const caseFilesProjection = defineProjection({
  name: 'archive.case-files',
  handles: [CaseOpened.type, CaseEntryFiled.type, CaseClosed.type, CaseReopened.type, CaseFileAccessed.type],
  tables: [
    { name: 'cases', key: ['case_id'] },
    { name: 'case_entries', key: ['case_id', 'position'] },
    { name: 'case_reads', key: ['case_id', 'position'] },
  ],
  async evolve(events, db, scope) {
    for (const event of events) await apply(scope, db, event);
  },
});
