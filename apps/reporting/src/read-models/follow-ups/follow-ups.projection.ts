import type { PoolClient } from 'pg';
import {
  FollowUpTaskCompleted,
  FollowUpTaskOpened,
  FollowUpTaskOverdue,
  type EventData,
  type RecordedEvent,
} from '@yuqing/contracts';
import { defineProjection, type ProjectionDefinition } from '@yuqing/event-store';

// 督办台账: every follow-up task a sign-off opened, its owner and due time, and whether it was completed (with the
// result and evidence, on time or late) or went overdue; `next_wake_at` is its due time while it can still go overdue
// (the domain's taskNextWakeAt), for the loop watcher.

export function followUpsProjection(schema: string): ProjectionDefinition {
  return defineProjection({
    name: 'reporting.follow-ups',
    handles: [FollowUpTaskOpened.type, FollowUpTaskCompleted.type, FollowUpTaskOverdue.type],
    tables: [{ name: 'tracked_tasks', key: ['task_id'] }],
    async evolve(events, client) {
      for (const event of events) await applyEvent(schema, client, event);
    },
  });
}

async function applyEvent(s: string, client: PoolClient, event: RecordedEvent): Promise<void> {
  switch (event.type) {
    case FollowUpTaskOpened.type: {
      const e = event.data as EventData<typeof FollowUpTaskOpened>;
      await client.query(
        `insert into ${s}.tracked_tasks (task_id, incident_id, org_unit, bulletin_id, description, assignee, supervisor,
           due_at, opened_at, next_wake_at)
         values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$8) on conflict (task_id) do nothing`,
        [
          e.taskId,
          e.incidentId,
          event.metadata.orgUnit,
          e.bulletinId ?? null,
          e.description,
          e.assigneeOrgUnitId,
          e.supervisorOrgUnitId,
          e.dueAt ?? null,
          event.recordedAt,
        ],
      );
      return;
    }
    case FollowUpTaskCompleted.type: {
      const e = event.data as EventData<typeof FollowUpTaskCompleted>;
      await client.query(
        `update ${s}.tracked_tasks set status = 'completed', completed_at = $2, on_time = $3, result = $4, evidence = $5,
           completed_by = $6, next_wake_at = null where task_id = $1`,
        [e.taskId, e.completedAt, e.onTime, e.result, JSON.stringify(e.evidence), event.metadata.actor.id],
      );
      return;
    }
    case FollowUpTaskOverdue.type: {
      const e = event.data as EventData<typeof FollowUpTaskOverdue>;
      await client.query(
        `update ${s}.tracked_tasks set overdue_at = $2, next_wake_at = null where task_id = $1`,
        [e.taskId, event.recordedAt],
      );
      return;
    }
    default:
      return;
  }
}
