import { Injectable } from '@nestjs/common';
import { scopeCondition } from '@yuqing/auth';
import { standingOf, secondsRemaining } from '@yuqing/reporting-domain';
import { cursor, nextCursor, ReadModel } from '@yuqing/service-kit';

export type ObligationStatus = 'open' | 'pending' | 'overdue' | 'fulfilled' | 'fulfilled-late' | 'cancelled';

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
  /** Opened on a 一级 proposal, not yet made firm by a grade in force (第十三条). */
  provisional: boolean;
  /** The grading event that withdrew it (a lower grade in force, a 伪舆情 judgement). */
  cancelledBy: string | null;
}

interface ListQuery {
  readonly limit: number;
  readonly after?: string;
  readonly incidentId?: string;
}

const OBLIGATION_COLUMNS = `o.obligation_id as "obligationId", o.incident_id as "incidentId", f.title as "incidentTitle",
  o.org_unit as "orgUnit", o.kind, o.grade, o.reason, o.recipient as "recipientOrgUnitId", o.clock_basis as "clockBasis",
  o.clock_started_at as "clockStartedAt", o.due_at as "dueAt", o.status as state, o.overdue_at as "overdueAt",
  o.fulfilled_at as "fulfilledAt", o.on_time as "onTime", o.report_id as "reportId", o.rule_set_version as "ruleSetVersion",
  o.cancelled_reason as "cancelledReason", o.kept_obligation_id as "keptObligationId",
  o.carried_over_from as "carriedOverFrom", o.merge_event_id as "mergeEventId", o.provisional,
  o.cancelled_by as "cancelledBy"`;

/** SQL for a standing at `clock.now` (the service clock's now, joined into the query). */
function standingSql(status: ObligationStatus | undefined): string {
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
 * Queries on the reporting projection: obligations with their countdowns, the overdue ones (迟报/漏报), bulletins
 * and follow-up tasks; always within the caller's scope. Countdowns are measured at the `now` given.
 */
@Injectable()
export class ObligationsReadModel extends ReadModel {
  /** Obligations by deadline, soonest first, each with `standing` and `secondsRemaining` (negative once passed). */
  async obligations(
    scope: readonly string[],
    query: ListQuery & { status?: ObligationStatus },
    now: Date,
  ): Promise<{ obligations: unknown[]; now: string; next?: string }> {
    const from = cursor(query.after);
    const inScope = scopeCondition(scope, { column: 'o.org_unit' });
    const { rows } = await this.db.query<ObligationRow>(
      `select ${OBLIGATION_COLUMNS}
         from ${this.table('obligations')} o left join ${this.table('incident_facts')} f using (incident_id)
              cross join (select $4::timestamptz as now) clock
        where ${inScope.sql} and ($3::text is null or o.incident_id = $3) and ${standingSql(query.status)}
          and ($5::timestamptz is null or (o.due_at, o.obligation_id) > ($5, $6))
        order by o.due_at, o.obligation_id limit $7`,
      [...inScope.params, query.incidentId ?? null, now, from?.at ?? null, from?.id ?? null, query.limit],
    );
    const last = rows[rows.length - 1];
    return {
      obligations: rows.map((row) => withCountdown(row, now)),
      now: now.toISOString(),
      ...(rows.length === query.limit && last ? { next: nextCursor(last.dueAt, last.obligationId) } : {}),
    };
  }

  /** Deadlines that passed without the report (ReportOverdue), newest first, met late or still outstanding. */
  async overdue(
    scope: readonly string[],
    query: ListQuery,
    now: Date,
  ): Promise<{ overdue: unknown[]; next?: string }> {
    const from = cursor(query.after);
    const inScope = scopeCondition(scope, { column: 'o.org_unit' });
    const { rows } = await this.db.query<ObligationRow & { overdueAt: Date }>(
      `select ${OBLIGATION_COLUMNS}
         from ${this.table('obligations')} o left join ${this.table('incident_facts')} f using (incident_id)
        where ${inScope.sql} and o.overdue_at is not null and ($3::text is null or o.incident_id = $3)
          and ($4::timestamptz is null or (o.overdue_at, o.obligation_id) < ($4, $5))
        order by o.overdue_at desc, o.obligation_id desc limit $6`,
      [...inScope.params, query.incidentId ?? null, from?.at ?? null, from?.id ?? null, query.limit],
    );
    const last = rows[rows.length - 1];
    return {
      overdue: rows.map((row) => withCountdown(row, now)),
      ...(rows.length === query.limit && last ? { next: nextCursor(last.overdueAt, last.obligationId) } : {}),
    };
  }

  /** 《网上舆情》 bulletins, newest first, with their sign-off state (awaiting, signed off, left unsigned). */
  async bulletins(
    scope: readonly string[],
    query: ListQuery,
  ): Promise<{ bulletins: unknown[]; next?: string }> {
    const from = cursor(query.after);
    const inScope = scopeCondition(scope, { column: 'org_unit' });
    const { rows } = await this.db.query<{ bulletinId: string; submittedAt: Date }>(
      `select bulletin_id as "bulletinId", incident_id as "incidentId", org_unit as "orgUnit", obligation_id as "obligationId",
              issue_number as "issueNumber", title, recipient as "recipientOrgUnitId", submitted_at as "submittedAt",
              sign_off_wait_until as "signOffWaitUntil", status, instructions, signed_off_at as "signedOffAt",
              left_unsigned_at as "leftUnsignedAt", signed_version_id as "signedVersionId"
         from ${this.table('bulletins')}
        where ${inScope.sql} and ($3::text is null or incident_id = $3)
          and ($4::timestamptz is null or (submitted_at, bulletin_id) < ($4, $5))
        order by submitted_at desc, bulletin_id desc limit $6`,
      [...inScope.params, query.incidentId ?? null, from?.at ?? null, from?.id ?? null, query.limit],
    );
    const last = rows[rows.length - 1];
    return {
      bulletins: rows,
      ...(rows.length === query.limit && last ? { next: nextCursor(last.submittedAt, last.bulletinId) } : {}),
    };
  }

  /** Follow-up tasks (跟踪督办) opened by sign-offs, newest first. */
  async tasks(scope: readonly string[], query: ListQuery): Promise<{ tasks: unknown[]; next?: string }> {
    const from = cursor(query.after);
    const inScope = scopeCondition(scope, { column: 'org_unit' });
    const { rows } = await this.db.query<{ taskId: string; openedAt: Date }>(
      `select task_id as "taskId", incident_id as "incidentId", org_unit as "orgUnit", bulletin_id as "bulletinId",
              description, assignee as "assigneeOrgUnitId", supervisor as "supervisorOrgUnitId", due_at as "dueAt",
              opened_at as "openedAt"
         from ${this.table('follow_up_tasks')}
        where ${inScope.sql} and ($3::text is null or incident_id = $3)
          and ($4::timestamptz is null or (opened_at, task_id) < ($4, $5))
        order by opened_at desc, task_id desc limit $6`,
      [...inScope.params, query.incidentId ?? null, from?.at ?? null, from?.id ?? null, query.limit],
    );
    const last = rows[rows.length - 1];
    return {
      tasks: rows,
      ...(rows.length === query.limit && last ? { next: nextCursor(last.openedAt, last.taskId) } : {}),
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
