import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { scopeCondition } from '@yuqing/auth';
import { guidanceStreams, type RecordedEvent } from '@yuqing/contracts';
import { PostgresEventStore, ProjectionRunner } from '@yuqing/event-store';
import { cursor, nextCursor, PG_POOL, ReadModel } from '@yuqing/service-kit';

export interface OnlineGuidanceRow {
  readonly proposalId: string;
  readonly orgUnit: string;
  readonly incidentId: string | null;
  readonly incidentLevel: string | null;
  readonly approverUnit: string;
  readonly wording: string;
  readonly platforms: string[];
  readonly status: 'proposed' | 'approved' | 'refused';
  readonly proposedBy: string;
  readonly proposedAt: Date;
  /** `city-wide` when the city office deployed the city's commentators (一级). */
  readonly deployment: 'unit' | 'city-wide' | null;
  readonly instructions: string | null;
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
  readonly refusalReason: string | null;
  readonly ruleSetVersion: string | null;
  readonly version: number;
}

export interface GuidanceTaskRow {
  readonly taskId: string;
  readonly proposalId: string;
  readonly commentatorId: string;
  readonly commentatorUnit: string;
  readonly status: 'assigned' | 'acknowledged' | 'reported';
  readonly assignedAt: Date;
  readonly dueAt: Date;
  readonly acknowledgedAt: Date | null;
  readonly reportedAt: Date | null;
  readonly reportedLate: boolean | null;
  readonly overdueAt: Date | null;
  readonly posts: { url: string; platform?: string }[] | null;
  readonly summary: string | null;
}

/** A commentator's task with what it is about: the wording and the instructions. */
export interface MyGuidanceTaskRow extends GuidanceTaskRow {
  readonly wording: string;
  readonly instructions: string | null;
  readonly platforms: string[];
  readonly incidentId: string | null;
}

const PROPOSAL = `proposal_id as "proposalId", org_unit as "orgUnit", incident_id as "incidentId",
  incident_level as "incidentLevel", approver_unit as "approverUnit", wording, platforms, status,
  proposed_by as "proposedBy", proposed_at as "proposedAt", deployment, instructions, decided_by as "decidedBy",
  decided_at as "decidedAt", refusal_reason as "refusalReason", rule_set_version as "ruleSetVersion", version`;
const TASK = `t.task_id as "taskId", t.proposal_id as "proposalId", t.commentator_id as "commentatorId",
  t.commentator_unit as "commentatorUnit", t.status, t.assigned_at as "assignedAt", t.due_at as "dueAt",
  t.acknowledged_at as "acknowledgedAt", t.reported_at as "reportedAt", t.reported_late as "reportedLate",
  t.overdue_at as "overdueAt", t.posts, t.summary`;

/** Queries on online guidance: proposals in the caller's scope (proposing or approving), tasks, my tasks. */
@Injectable()
export class OnlineGuidanceReadModel extends ReadModel {
  constructor(
    @Inject(PG_POOL) db: Pool,
    @Inject(ProjectionRunner) runner: ProjectionRunner,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
  ) {
    super(db, runner);
  }

  /** A page of proposals made in or addressed to the caller's scope, newest first. */
  async list(
    scope: readonly string[],
    limit: number,
    after: string | undefined,
  ): Promise<{ proposals: OnlineGuidanceRow[]; next?: string }> {
    const from = cursor(after);
    const inScope = scopeCondition(scope, { column: 'org_unit', sharedWithColumn: 'shared_with' });
    const { rows } = await this.db.query<OnlineGuidanceRow>(
      `select ${PROPOSAL} from ${this.table('online_guidance')}
        where ${inScope.sql} and ($3::timestamptz is null or (proposed_at, proposal_id) < ($3, $4))
        order by proposed_at desc, proposal_id desc limit $5`,
      [...inScope.params, from?.at ?? null, from?.id ?? null, limit],
    );
    const last = rows[rows.length - 1];
    return {
      proposals: rows,
      ...(rows.length === limit && last ? { next: nextCursor(last.proposedAt, last.proposalId) } : {}),
    };
  }

  /** One proposal with its tasks, if the caller's scope covers the proposing or the approving unit. */
  async one(
    proposalId: string,
    scope: readonly string[],
  ): Promise<(OnlineGuidanceRow & { tasks: GuidanceTaskRow[] }) | undefined> {
    const inScope = scopeCondition(scope, {
      column: 'org_unit',
      sharedWithColumn: 'shared_with',
      firstParam: 2,
    });
    const { rows } = await this.db.query<OnlineGuidanceRow>(
      `select ${PROPOSAL} from ${this.table('online_guidance')} where proposal_id = $1 and ${inScope.sql}`,
      [proposalId, ...inScope.params],
    );
    const proposal = rows[0];
    if (!proposal) return undefined;
    const { rows: tasks } = await this.db.query<GuidanceTaskRow>(
      `select ${TASK} from ${this.table('guidance_tasks')} t where t.proposal_id = $1
        order by t.assigned_at, t.task_id`,
      [proposalId],
    );
    return { ...proposal, tasks };
  }

  /** The tasks assigned to one commentator, soonest due first (open ones before reported ones). */
  async tasksOf(
    commentatorId: string,
    open: boolean | undefined,
    limit: number,
    after: string | undefined,
  ): Promise<{ tasks: MyGuidanceTaskRow[]; next?: string }> {
    const from = cursor(after);
    const { rows } = await this.db.query<MyGuidanceTaskRow>(
      `select ${TASK}, p.wording, p.instructions, p.platforms, p.incident_id as "incidentId"
         from ${this.table('guidance_tasks')} t join ${this.table('online_guidance')} p using (proposal_id)
        where t.commentator_id = $1
          and ($2::boolean is null or (t.status <> 'reported') = $2)
          and ($3::timestamptz is null or (t.due_at, t.task_id) > ($3, $4))
        order by t.due_at, t.task_id limit $5`,
      [commentatorId, open ?? null, from?.at ?? null, from?.id ?? null, limit],
    );
    const last = rows[rows.length - 1];
    return {
      tasks: rows,
      ...(rows.length === limit && last ? { next: nextCursor(last.dueAt, last.taskId) } : {}),
    };
  }

  /** The office a proposal is addressed to, for the guard (resolver `onlineGuidanceApprover`). */
  async approverUnitOf(proposalId: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ approver_unit: string }>(
      `select approver_unit from ${this.table('online_guidance')} where proposal_id = $1`,
      [proposalId],
    );
    return rows[0]?.approver_unit;
  }

  /** The unit a task's commentator serves in, for the guard (resolver `guidanceTask`). */
  async commentatorUnitOf(taskId: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ commentator_unit: string }>(
      `select commentator_unit from ${this.table('guidance_tasks')} where task_id = $1`,
      [taskId],
    );
    return rows[0]?.commentator_unit;
  }

  history(proposalId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(guidanceStreams.online.id(proposalId));
  }
}
