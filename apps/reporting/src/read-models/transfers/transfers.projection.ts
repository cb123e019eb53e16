import type { PoolClient } from 'pg';
import {
  TransferAnswered,
  TransferReminderDue,
  TransferResponseOverdue,
  TransferResponseOwed,
  type EventData,
  type RecordedEvent,
} from '@yuqing/contracts';
import { defineProjection, type ProjectionDefinition } from '@yuqing/event-store';
import { transferNextWakeAt, type TransferState } from '@yuqing/reporting-domain';

// 转办回告: each transferred item, whom it is owed to, by when, and how it was answered (on time or late); and
// `next_wake_at`, when the loop watcher must wake it (the domain's transferNextWakeAt, kept with every event).

interface TransferRow {
  transfer_id: string;
  org_unit: string;
  from_org_unit: string;
  transferred_at: Date;
  due_at: Date;
  reminder_leads: number[];
  reminded_leads: number[];
  status: 'open' | 'answered';
  overdue_at: Date | null;
}

/** The clock's part of a transfer's state, as its row holds it. */
function clockState(row: TransferRow): TransferState {
  return {
    transferId: row.transfer_id,
    fromOrgUnitId: row.from_org_unit,
    receivingOrgUnitId: row.org_unit,
    transferredAt: row.transferred_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    reminderLeadMinutes: row.reminder_leads,
    remindedLeads: row.reminded_leads,
    status: row.status,
    overdue: row.overdue_at !== null,
  };
}

export function transfersProjection(schema: string): ProjectionDefinition {
  return defineProjection({
    name: 'reporting.transfers',
    handles: [
      TransferResponseOwed.type,
      TransferReminderDue.type,
      TransferResponseOverdue.type,
      TransferAnswered.type,
    ],
    tables: [{ name: 'transfers', key: ['transfer_id'] }],
    async evolve(events, client) {
      for (const event of events) await applyEvent(schema, client, event);
    },
  });
}

async function applyEvent(s: string, client: PoolClient, event: RecordedEvent): Promise<void> {
  switch (event.type) {
    case TransferResponseOwed.type: {
      const e = event.data as EventData<typeof TransferResponseOwed>;
      await client.query(
        `insert into ${s}.transfers (transfer_id, org_unit, from_org_unit, transfer_reference, title, instructions,
           transferred_at, due_at, reminder_leads, rule_set_version, recorded_at)
         values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) on conflict (transfer_id) do nothing`,
        [
          e.transferId,
          e.receivingOrgUnitId,
          e.fromOrgUnitId,
          e.transferReference,
          e.title,
          e.instructions ?? null,
          e.transferredAt,
          e.dueAt,
          e.reminderLeadMinutes,
          e.ruleSetVersion,
          event.recordedAt,
        ],
      );
      break;
    }
    case TransferReminderDue.type: {
      const e = event.data as EventData<typeof TransferReminderDue>;
      // A nearer reminder stands for the farther ones it overtook.
      await client.query(
        `update ${s}.transfers set reminded_leads =
           array(select lead from unnest(reminder_leads) lead where lead >= $2 or lead = any(reminded_leads) order by lead desc)
          where transfer_id = $1`,
        [e.transferId, e.leadMinutes],
      );
      break;
    }
    case TransferResponseOverdue.type: {
      const e = event.data as EventData<typeof TransferResponseOverdue>;
      await client.query(`update ${s}.transfers set overdue_at = $2 where transfer_id = $1`, [
        e.transferId,
        event.recordedAt,
      ]);
      break;
    }
    case TransferAnswered.type: {
      const e = event.data as EventData<typeof TransferAnswered>;
      await client.query(
        `update ${s}.transfers set status = 'answered', answered_at = $2, on_time = $3, answer = $4, resolution = $5,
           public_reply_url = $6, answered_by = $7 where transfer_id = $1`,
        [
          e.transferId,
          e.answeredAt,
          e.onTime,
          e.answer,
          e.resolution,
          e.publicReplyUrl ?? null,
          event.metadata.actor.id,
        ],
      );
      break;
    }
    default:
      return;
  }
  await rescheduleTransfer(s, client, (event.data as { transferId: string }).transferId);
}

/** Sets when the watcher must next wake the transfer, from its row as it stands now. */
async function rescheduleTransfer(s: string, client: PoolClient, transferId: string): Promise<void> {
  const { rows } = await client.query<TransferRow>(
    `select transfer_id, org_unit, from_org_unit, transferred_at, due_at, reminder_leads, reminded_leads, status, overdue_at
       from ${s}.transfers where transfer_id = $1`,
    [transferId],
  );
  const row = rows[0];
  if (!row) return;
  await client.query(`update ${s}.transfers set next_wake_at = $2 where transfer_id = $1`, [
    transferId,
    transferNextWakeAt(clockState(row)) ?? null,
  ]);
}
