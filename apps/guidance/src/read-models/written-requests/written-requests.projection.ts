import type { PoolClient } from 'pg';
import {
  WrittenRequestApproved,
  WrittenRequestFiled,
  WrittenRequestOutcomeRecorded,
  WrittenRequestOverdue,
  WrittenRequestRefused,
  WrittenRequestReminderDue,
  type EventData,
  type RecordedEvent,
} from '@yuqing/contracts';
import { defineProjection } from '@yuqing/event-store';

async function apply(table: string, db: PoolClient, event: RecordedEvent): Promise<void> {
  const at = event.recordedAt;
  const version = event.streamPosition;
  switch (event.type) {
    case WrittenRequestFiled.type: {
      const e = event.data as EventData<typeof WrittenRequestFiled>;
      await db.query(
        `insert into ${table} (request_id, org_unit, shared_with, kind, incident_id, approver_unit, approver_roles,
           article, subject, body, document, status, filed_by, filed_at, due_at, remind_at, rule_set_version, version)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12, $13, $14, $15, $16, $17)
         on conflict (request_id) do nothing`,
        [
          e.requestId,
          event.metadata.orgUnit,
          // The addressed unit reads what was addressed to it.
          [e.approverUnit],
          e.kind,
          e.incidentId ?? null,
          e.approverUnit,
          e.approverRoles,
          e.article,
          e.subject,
          e.body,
          e.document,
          event.metadata.actor.id,
          at,
          e.dueAt,
          e.remindAt ?? null,
          e.ruleSetVersion,
          version,
        ],
      );
      return;
    }
    case WrittenRequestReminderDue.type: {
      const e = event.data as EventData<typeof WrittenRequestReminderDue>;
      await db.query(`update ${table} set reminded_at = $2, version = $3 where request_id = $1`, [
        e.requestId,
        at,
        version,
      ]);
      return;
    }
    case WrittenRequestOverdue.type: {
      const e = event.data as EventData<typeof WrittenRequestOverdue>;
      await db.query(`update ${table} set overdue_at = $2, version = $3 where request_id = $1`, [
        e.requestId,
        at,
        version,
      ]);
      return;
    }
    case WrittenRequestApproved.type:
    case WrittenRequestRefused.type: {
      const approved = event.type === WrittenRequestApproved.type;
      const e = event.data as EventData<typeof WrittenRequestApproved> & { reason?: string };
      await db.query(
        `update ${table} set status = $2, decided_by = $3, decided_at = $4, decision_note = $5, answered_late = $6,
           closed_at = case when $2 = 'refused' then $4 else closed_at end, version = $7
          where request_id = $1`,
        [
          e.requestId,
          approved ? 'approved' : 'refused',
          event.metadata.actor.id,
          at,
          (approved ? e.note : e.reason) ?? null,
          e.late,
          version,
        ],
      );
      return;
    }
    case WrittenRequestOutcomeRecorded.type: {
      const e = event.data as EventData<typeof WrittenRequestOutcomeRecorded>;
      await db.query(
        `update ${table} set status = 'closed', outcome = $2, outcome_at = $3, closed_at = $4, version = $5
          where request_id = $1`,
        [e.requestId, e.outcome, e.occurredAt ?? at, at, version],
      );
      return;
    }
    default:
      return;
  }
}

/**
 * Written requests as the console lists them, with the document as filed: kept inline, rebuilt and verified from
 * the request streams (`npm run projections:rebuild -- guidance`). The table is created by migrations.ts.
 */
export const writtenRequestsProjection = defineProjection({
  name: 'guidance.written-requests',
  handles: [
    WrittenRequestFiled.type,
    WrittenRequestReminderDue.type,
    WrittenRequestOverdue.type,
    WrittenRequestApproved.type,
    WrittenRequestRefused.type,
    WrittenRequestOutcomeRecorded.type,
  ],
  tables: [{ name: 'written_requests', key: ['request_id'] }],
  async evolve(events, db, scope) {
    for (const event of events) await apply(scope.table('written_requests'), db, event);
  },
});
