import type { PoolClient } from 'pg';
import {
  GuidanceTaskAcknowledged,
  GuidanceTaskAssigned,
  GuidanceTaskOverdue,
  GuidanceTaskReported,
  OnlineGuidanceApproved,
  OnlineGuidanceProposed,
  OnlineGuidanceRefused,
  type EventData,
  type RecordedEvent,
} from '@yuqing/contracts';
import { defineProjection, type ProjectionScope } from '@yuqing/event-store';

async function apply(scope: ProjectionScope, db: PoolClient, event: RecordedEvent): Promise<void> {
  const proposals = scope.table('online_guidance');
  const tasks = scope.table('guidance_tasks');
  const at = event.recordedAt;
  const version = event.streamPosition;
  const touch = (proposalId: string) =>
    db.query(`update ${proposals} set version = $2 where proposal_id = $1`, [proposalId, version]);
  switch (event.type) {
    case OnlineGuidanceProposed.type: {
      const e = event.data as EventData<typeof OnlineGuidanceProposed>;
      await db.query(
        `insert into ${proposals} (proposal_id, org_unit, shared_with, incident_id, incident_level, approver_unit,
           wording, platforms, status, proposed_by, proposed_at, version)
         values ($1, $2, $3, $4, $5, $6, $7, $8, 'proposed', $9, $10, $11) on conflict (proposal_id) do nothing`,
        [
          e.proposalId,
          event.metadata.orgUnit,
          [e.approverUnit],
          e.incidentId ?? null,
          e.incidentLevel ?? null,
          e.approverUnit,
          e.wording,
          e.platforms,
          event.metadata.actor.id,
          at,
          version,
        ],
      );
      return;
    }
    case OnlineGuidanceApproved.type: {
      const e = event.data as EventData<typeof OnlineGuidanceApproved>;
      await db.query(
        `update ${proposals} set status = 'approved', deployment = $2, instructions = $3, decided_by = $4,
           decided_at = $5, rule_set_version = $6, version = $7 where proposal_id = $1`,
        [
          e.proposalId,
          e.deployment,
          e.instructions ?? null,
          event.metadata.actor.id,
          at,
          e.ruleSetVersion,
          version,
        ],
      );
      return;
    }
    case OnlineGuidanceRefused.type: {
      const e = event.data as EventData<typeof OnlineGuidanceRefused>;
      await db.query(
        `update ${proposals} set status = 'refused', refusal_reason = $2, decided_by = $3, decided_at = $4,
           version = $5 where proposal_id = $1`,
        [e.proposalId, e.reason, event.metadata.actor.id, at, version],
      );
      return;
    }
    case GuidanceTaskAssigned.type: {
      const e = event.data as EventData<typeof GuidanceTaskAssigned>;
      await db.query(
        `insert into ${tasks} (task_id, proposal_id, org_unit, commentator_id, commentator_unit, status, assigned_at, due_at)
         values ($1, $2, $3, $4, $5, 'assigned', $6, $7) on conflict (task_id) do nothing`,
        [e.taskId, e.proposalId, event.metadata.orgUnit, e.commentatorId, e.commentatorUnit, at, e.dueAt],
      );
      await touch(e.proposalId);
      return;
    }
    case GuidanceTaskAcknowledged.type: {
      const e = event.data as EventData<typeof GuidanceTaskAcknowledged>;
      await db.query(
        `update ${tasks} set status = 'acknowledged', acknowledged_at = $2 where task_id = $1 and status = 'assigned'`,
        [e.taskId, at],
      );
      await touch(e.proposalId);
      return;
    }
    case GuidanceTaskReported.type: {
      const e = event.data as EventData<typeof GuidanceTaskReported>;
      await db.query(
        `update ${tasks} set status = 'reported', reported_at = $2, reported_late = $3, posts = $4::jsonb, summary = $5
          where task_id = $1`,
        [e.taskId, at, e.late, JSON.stringify(e.posts), e.summary],
      );
      await touch(e.proposalId);
      return;
    }
    case GuidanceTaskOverdue.type: {
      const e = event.data as EventData<typeof GuidanceTaskOverdue>;
      await db.query(`update ${tasks} set overdue_at = $2 where task_id = $1`, [e.taskId, at]);
      await touch(e.proposalId);
      return;
    }
    default:
      return;
  }
}

/**
 * Online guidance proposals (引导口径) with their commentators' tasks: kept inline, rebuilt and verified from the
 * proposal streams. The tables are created by migrations.ts.
 */
export const onlineGuidanceProjection = defineProjection({
  name: 'guidance.online-guidance',
  handles: [
    OnlineGuidanceProposed.type,
    OnlineGuidanceApproved.type,
    OnlineGuidanceRefused.type,
    GuidanceTaskAssigned.type,
    GuidanceTaskAcknowledged.type,
    GuidanceTaskReported.type,
    GuidanceTaskOverdue.type,
  ],
  tables: [
    { name: 'online_guidance', key: ['proposal_id'] },
    { name: 'guidance_tasks', key: ['task_id'] },
  ],
  async evolve(events, db, scope) {
    for (const event of events) await apply(scope, db, event);
  },
});
