import type { PoolClient } from 'pg';
import { ResponseClosed, ResponseOpened, type EventData, type RecordedEvent } from '@yuqing/contracts';
import { defineProjection } from '@yuqing/event-store';

async function apply(table: string, db: PoolClient, event: RecordedEvent): Promise<void> {
  switch (event.type) {
    case ResponseOpened.type: {
      const data = event.data as EventData<typeof ResponseOpened>;
      await db.query(
        `insert into ${table} (response_id, org_unit, title, status, opened_at, version)
         values ($1, $2, $3, 'open', $4, $5) on conflict (response_id) do nothing`,
        [data.responseId, event.metadata.orgUnit, data.title, event.recordedAt, event.streamPosition],
      );
      return;
    }
    case ResponseClosed.type: {
      const data = event.data as EventData<typeof ResponseClosed>;
      await db.query(
        `update ${table} set status = 'closed', closed_at = $2, close_reason = $3, version = $4
          where response_id = $1`,
        [data.responseId, event.recordedAt, data.reason, event.streamPosition],
      );
      return;
    }
    default:
      return;
  }
}

/**
 * Responses as the console lists them: kept in the appending transaction (inline), rebuilt and verified from the
 * response streams by the projection runner (`npm run projections:rebuild -- guidance`). The table is
 * created by migrations.ts.
 */
export const responsesProjection = defineProjection({
  name: 'guidance.responses',
  handles: [ResponseOpened.type, ResponseClosed.type],
  tables: [{ name: 'responses', key: ['response_id'] }],
  async evolve(events, db, scope) {
    for (const event of events) await apply(scope.table('responses'), db, event);
  },
});
