import { Injectable } from '@nestjs/common';
import { scopeCondition } from '@yuqing/auth';
import { cursor, nextCursor, ReadModel } from '@yuqing/service-kit';

/** How a follow-up task stands at a moment. */
export type TaskStanding = 'open' | 'overdue' | 'completed' | 'completed-late';

interface TaskRow {
  taskId: string;
  incidentId: string;
  incidentTitle: string | null;
  orgUnit: string;
  bulletinId: string | null;
  description: string;
  assigneeOrgUnitId: string;
  supervisorOrgUnitId: string;
  dueAt: Date | null;
  openedAt: Date;
  status: 'open' | 'completed';
  overdueAt: Date | null;
  completedAt: Date | null;
  onTime: boolean | null;
  result: string | null;
  evidence: unknown;
}

export interface TrackedTasksQuery {
  readonly limit: number;
  readonly after?: string;
  readonly incidentId?: string;
  readonly standing?: TaskStanding;
}

function standingSql(standing: TaskStanding | undefined): string {
  switch (standing) {
    case 'open':
      return `t.status = 'open' and (t.due_at is null or t.due_at > clock.now)`;
    case 'overdue':
      return `t.status = 'open' and t.due_at <= clock.now`;
    case 'completed':
      return `t.status = 'completed' and t.on_time`;
    case 'completed-late':
      return `t.status = 'completed' and not t.on_time`;
    default:
      return 'true';
  }
}

/**
 * 全程跟踪督办: what the supervision office (督办室) and the leading-group office track, every follow-up task of the
 * incidents in their scope, its owner and due time, and how it stands (open, overdue, completed on time or late).
 * Newest first.
 */
@Injectable()
export class FollowUpsReadModel extends ReadModel {
  async tracked(
    scope: readonly string[],
    query: TrackedTasksQuery,
    now: Date,
  ): Promise<{ tasks: unknown[]; now: string; next?: string }> {
    const from = cursor(query.after);
    const inScope = scopeCondition(scope, { column: 't.org_unit' });
    const { rows } = await this.db.query<TaskRow>(
      `select t.task_id as "taskId", t.incident_id as "incidentId", f.title as "incidentTitle", t.org_unit as "orgUnit",
              t.bulletin_id as "bulletinId", t.description, t.assignee as "assigneeOrgUnitId",
              t.supervisor as "supervisorOrgUnitId", t.due_at as "dueAt", t.opened_at as "openedAt", t.status,
              t.overdue_at as "overdueAt", t.completed_at as "completedAt", t.on_time as "onTime", t.result, t.evidence
         from ${this.table('tracked_tasks')} t left join ${this.table('incident_facts')} f using (incident_id)
              cross join (select $3::timestamptz as now) clock
        where ${inScope.sql} and ($4::text is null or t.incident_id = $4) and ${standingSql(query.standing)}
          and ($5::timestamptz is null or (t.opened_at, t.task_id) < ($5, $6))
        order by t.opened_at desc, t.task_id desc limit $7`,
      [...inScope.params, now, query.incidentId ?? null, from?.at ?? null, from?.id ?? null, query.limit],
    );
    const last = rows[rows.length - 1];
    return {
      tasks: rows.map((row) => ({ ...row, standing: standingOf(row, now) })),
      now: now.toISOString(),
      ...(rows.length === query.limit && last ? { next: nextCursor(last.openedAt, last.taskId) } : {}),
    };
  }
}

function standingOf(row: Pick<TaskRow, 'status' | 'onTime' | 'dueAt'>, now: Date): TaskStanding {
  if (row.status === 'completed') return row.onTime ? 'completed' : 'completed-late';
  return row.dueAt !== null && row.dueAt.getTime() <= now.getTime() ? 'overdue' : 'open';
}
