import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import type { Pool } from 'pg';
import { z } from 'zod';
import { Auth, Permission, scopeCondition, type AuthContext } from '@yuqing/auth';
import { PostgresEventStore } from '@yuqing/event-store';
import { standingOf, secondsRemaining } from '@yuqing/reporting-domain';
import { PG_POOL } from '@yuqing/service-kit';
import { CLOCK } from '../reporting.tokens';
import type { Clock } from '../shared/clock';

const page = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Cursor: the `next` of the previous page. */
  after: z.string().max(300).optional(),
};
const id = z.string().min(1).max(100);

const obligationsQuery = z.strictObject({
  ...page,
  incidentId: id.optional(),
  status: z.enum(['open', 'pending', 'overdue', 'fulfilled', 'fulfilled-late', 'cancelled']).optional(),
});
const listQuery = z.strictObject({ ...page, incidentId: id.optional() });

function cursor(after: string | undefined): { at: string; id: string } | undefined {
  if (!after) return undefined;
  const [at, rowId] = Buffer.from(after, 'base64url').toString('utf8').split('|');
  if (!at || !rowId || Number.isNaN(Date.parse(at))) {
    throw new BadRequestException({
      message: 'the request is not valid',
      errors: [{ path: 'query.after', message: 'not a cursor from this API' }],
    });
  }
  return { at, id: rowId };
}
const nextCursor = (at: Date, rowId: string) =>
  Buffer.from(`${at.toISOString()}|${rowId}`).toString('base64url');

interface ObligationRow {
  obligationId: string;
  incidentId: string;
  incidentTitle: string | null;
  orgUnit: string;
  kind: string;
  grade: unknown;
  reason: string;
  recipientOrgUnitId: string;
  clockBasis: string;
  clockStartedAt: Date;
  dueAt: Date;
  state: 'open' | 'fulfilled' | 'cancelled';
  overdueAt: Date | null;
  fulfilledAt: Date | null;
  onTime: boolean | null;
  reportId: string | null;
  ruleSetVersion: string;
  cancelledReason: string | null;
  keptObligationId: string | null;
  carriedOverFrom: string | null;
  mergeEventId: string | null;
}

const OBLIGATION_COLUMNS = `o.obligation_id as "obligationId", o.incident_id as "incidentId", f.title as "incidentTitle",
  o.org_unit as "orgUnit", o.kind, o.grade, o.reason, o.recipient as "recipientOrgUnitId", o.clock_basis as "clockBasis",
  o.clock_started_at as "clockStartedAt", o.due_at as "dueAt", o.status as state, o.overdue_at as "overdueAt",
  o.fulfilled_at as "fulfilledAt", o.on_time as "onTime", o.report_id as "reportId", o.rule_set_version as "ruleSetVersion",
  o.cancelled_reason as "cancelledReason", o.kept_obligation_id as "keptObligationId",
  o.carried_over_from as "carriedOverFrom", o.merge_event_id as "mergeEventId"`;

/** SQL for a standing at `clock.now` (the service clock's now, joined into the query). */
function standingSql(status: string | undefined): string {
  switch (status) {
    case 'open':
      return `o.status = 'open'`;
    case 'pending':
      return `o.status = 'open' and o.due_at > clock.now`;
    case 'overdue':
      return `o.status = 'open' and o.due_at <= clock.now`;
    case 'fulfilled':
      return `o.status = 'fulfilled' and o.on_time`;
    case 'fulfilled-late':
      return `o.status = 'fulfilled' and not o.on_time`;
    case 'cancelled':
      return `o.status = 'cancelled'`;
    default:
      return 'true';
  }
}

/**
 * What duty officers and the review read: obligations with their countdowns, the overdue ones (迟报/漏报),
 * bulletins and follow-up tasks; always within the caller's scope. Countdowns are measured on the service clock.
 */
@Controller('api/reporting')
export class ReportingQueriesController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Obligations by deadline, soonest first, each with `standing` and `secondsRemaining` (negative once passed). */
  @Get('obligations')
  @Permission('reporting.read-reports', { orgUnitFrom: 'none' })
  async obligations(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ obligations: unknown[]; now: string; next?: string }> {
    const q = obligationsQuery.parse(query);
    const from = cursor(q.after);
    const now = this.clock.now();
    const scope = scopeCondition(auth.scope, { column: 'o.org_unit' });
    const { rows } = await this.pool.query<ObligationRow>(
      `select ${OBLIGATION_COLUMNS}
         from ${this.store.schema}.obligations o left join ${this.store.schema}.incident_facts f using (incident_id)
              cross join (select $4::timestamptz as now) clock
        where ${scope.sql} and ($3::text is null or o.incident_id = $3) and ${standingSql(q.status)}
          and ($5::timestamptz is null or (o.due_at, o.obligation_id) > ($5, $6))
        order by o.due_at, o.obligation_id limit $7`,
      [...scope.params, q.incidentId ?? null, now, from?.at ?? null, from?.id ?? null, q.limit],
    );
    const last = rows[rows.length - 1];
    return {
      obligations: rows.map((row) => withCountdown(row, now)),
      now: now.toISOString(),
      ...(rows.length === q.limit && last ? { next: nextCursor(last.dueAt, last.obligationId) } : {}),
    };
  }

  /** Deadlines that passed without the report (ReportOverdue), newest first, met late or still outstanding. */
  @Get('overdue')
  @Permission('reporting.read-reports', { orgUnitFrom: 'none' })
  async overdue(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ overdue: unknown[]; next?: string }> {
    const q = listQuery.parse(query);
    const from = cursor(q.after);
    const now = this.clock.now();
    const scope = scopeCondition(auth.scope, { column: 'o.org_unit' });
    const { rows } = await this.pool.query<ObligationRow & { overdueAt: Date }>(
      `select ${OBLIGATION_COLUMNS}
         from ${this.store.schema}.obligations o left join ${this.store.schema}.incident_facts f using (incident_id)
        where ${scope.sql} and o.overdue_at is not null and ($3::text is null or o.incident_id = $3)
          and ($4::timestamptz is null or (o.overdue_at, o.obligation_id) < ($4, $5))
        order by o.overdue_at desc, o.obligation_id desc limit $6`,
      [...scope.params, q.incidentId ?? null, from?.at ?? null, from?.id ?? null, q.limit],
    );
    const last = rows[rows.length - 1];
    return {
      overdue: rows.map((row) => withCountdown(row, now)),
      ...(rows.length === q.limit && last ? { next: nextCursor(last.overdueAt, last.obligationId) } : {}),
    };
  }

  /** 《网上舆情》 bulletins, newest first, with their sign-off state (awaiting, signed off, left unsigned). */
  @Get('bulletins')
  @Permission('reporting.read-reports', { orgUnitFrom: 'none' })
  async bulletins(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ bulletins: unknown[]; next?: string }> {
    const q = listQuery.parse(query);
    const from = cursor(q.after);
    const scope = scopeCondition(auth.scope, { column: 'org_unit' });
    const { rows } = await this.pool.query<{ bulletinId: string; submittedAt: Date }>(
      `select bulletin_id as "bulletinId", incident_id as "incidentId", org_unit as "orgUnit", obligation_id as "obligationId",
              issue_number as "issueNumber", title, recipient as "recipientOrgUnitId", submitted_at as "submittedAt",
              sign_off_wait_until as "signOffWaitUntil", status, instructions, signed_off_at as "signedOffAt",
              left_unsigned_at as "leftUnsignedAt"
         from ${this.store.schema}.bulletins
        where ${scope.sql} and ($3::text is null or incident_id = $3)
          and ($4::timestamptz is null or (submitted_at, bulletin_id) < ($4, $5))
        order by submitted_at desc, bulletin_id desc limit $6`,
      [...scope.params, q.incidentId ?? null, from?.at ?? null, from?.id ?? null, q.limit],
    );
    const last = rows[rows.length - 1];
    return {
      bulletins: rows,
      ...(rows.length === q.limit && last ? { next: nextCursor(last.submittedAt, last.bulletinId) } : {}),
    };
  }

  /** Follow-up tasks (跟踪督办) opened by sign-offs, newest first. */
  @Get('follow-up-tasks')
  @Permission('reporting.read-reports', { orgUnitFrom: 'none' })
  async tasks(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ tasks: unknown[]; next?: string }> {
    const q = listQuery.parse(query);
    const from = cursor(q.after);
    const scope = scopeCondition(auth.scope, { column: 'org_unit' });
    const { rows } = await this.pool.query<{ taskId: string; openedAt: Date }>(
      `select task_id as "taskId", incident_id as "incidentId", org_unit as "orgUnit", bulletin_id as "bulletinId",
              description, assignee as "assigneeOrgUnitId", supervisor as "supervisorOrgUnitId", due_at as "dueAt",
              opened_at as "openedAt"
         from ${this.store.schema}.follow_up_tasks
        where ${scope.sql} and ($3::text is null or incident_id = $3)
          and ($4::timestamptz is null or (opened_at, task_id) < ($4, $5))
        order by opened_at desc, task_id desc limit $6`,
      [...scope.params, q.incidentId ?? null, from?.at ?? null, from?.id ?? null, q.limit],
    );
    const last = rows[rows.length - 1];
    return {
      tasks: rows,
      ...(rows.length === q.limit && last ? { next: nextCursor(last.openedAt, last.taskId) } : {}),
    };
  }
}

function withCountdown(row: ObligationRow, now: Date): Record<string, unknown> {
  const { state, ...rest } = row;
  const obligation = {
    status: state,
    dueAt: row.dueAt.toISOString(),
    ...(row.onTime !== null ? { onTime: row.onTime } : {}),
  };
  const remaining = secondsRemaining(obligation, now);
  return {
    ...rest,
    standing: standingOf(obligation, now),
    secondsRemaining: remaining ?? null,
  };
}
