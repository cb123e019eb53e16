import type { PoolClient } from 'pg';
import {
  FindingAppealDecided,
  FindingAppealed,
  FindingConfirmed,
  FindingDismissed,
  FindingExplained,
  FindingRecorded,
  type EventData,
  type RecordedEvent,
} from '@yuqing/contracts';
import { defineProjection } from '@yuqing/event-store';

async function apply(table: string, db: PoolClient, event: RecordedEvent): Promise<void> {
  const set = (sql: string, params: unknown[]) =>
    db.query(`update ${table} set ${sql}, version = $2 where finding_id = $1`, [
      (event.data as { findingId: string }).findingId,
      event.streamPosition,
      ...params,
    ]);
  switch (event.type) {
    case FindingRecorded.type: {
      const d = event.data as EventData<typeof FindingRecorded>;
      await db.query(
        `insert into ${table} (finding_id, kind, subject, incident_id, org_unit, person_id, severity, period,
           occurred_at, summary, evidence, detector, status, recorded_at, version)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'pending', $13, $14)
         on conflict (finding_id) do nothing`,
        [
          d.findingId,
          d.kind,
          d.subject,
          d.incidentId ?? null,
          d.responsibleOrgUnitId,
          d.responsiblePersonId ?? null,
          d.severity,
          d.period,
          d.occurredAt,
          d.summary,
          JSON.stringify(d.evidence),
          d.detector,
          event.recordedAt,
          event.streamPosition,
        ],
      );
      return;
    }
    case FindingExplained.type:
      await set('explanation = $3', [(event.data as EventData<typeof FindingExplained>).explanation]);
      return;
    case FindingConfirmed.type: {
      const d = event.data as EventData<typeof FindingConfirmed>;
      await set(`status = 'confirmed', ruling_reason = $3, ruled_at = $4, appeal_by = $5`, [
        d.reason,
        event.recordedAt,
        d.appealBy,
      ]);
      return;
    }
    case FindingDismissed.type:
      await set(`status = 'dismissed', ruling_reason = $3, ruled_at = $4`, [
        (event.data as EventData<typeof FindingDismissed>).reason,
        event.recordedAt,
      ]);
      return;
    case FindingAppealed.type:
      await set(`status = 'appealed', appeal_grounds = $3, appeal_by = null`, [
        (event.data as EventData<typeof FindingAppealed>).grounds,
      ]);
      return;
    case FindingAppealDecided.type: {
      const d = event.data as EventData<typeof FindingAppealDecided>;
      await set(`status = $3, appeal_outcome = $4, ruling_reason = $5, ruled_at = $6`, [
        d.outcome === 'upheld' ? 'confirmed' : 'dismissed',
        d.outcome,
        d.reason,
        event.recordedAt,
      ]);
      return;
    }
    default:
      return;
  }
}

/**
 * Findings with their rulings, as reviewers and departments list them: kept in the appending transaction (inline),
 * rebuilt and verified from the finding streams (`npm run projections:rebuild -- review`).
 */
export const findingsProjection = defineProjection({
  name: 'review.findings',
  handles: [
    FindingRecorded.type,
    FindingExplained.type,
    FindingConfirmed.type,
    FindingDismissed.type,
    FindingAppealed.type,
    FindingAppealDecided.type,
  ],
  tables: [{ name: 'findings', key: ['finding_id'] }],
  async evolve(events, db, scope) {
    for (const event of events) await apply(scope.table('findings'), db, event);
  },
});
