import { Injectable } from '@nestjs/common';
import { scopeCondition } from '@yuqing/auth';
import { ReadModel } from '@yuqing/service-kit';

export interface Digest {
  readonly kind: 'daily' | 'weekly';
  readonly from: string;
  readonly to: string;
  readonly obligations: readonly unknown[];
  readonly overdue: readonly unknown[];
  readonly bulletins: readonly unknown[];
  readonly tasks: readonly unknown[];
}

/**
 * The digest (舆情报送日报/周报) queries on the reporting projection: obligations opened in a period by kind and
 * how they stand, the deadlines missed (迟报/漏报), bulletins and their sign-off, tasks opened.
 */
@Injectable()
export class DigestsReadModel extends ReadModel {
  async digest(
    scope: readonly string[],
    kind: 'daily' | 'weekly',
    { from, to }: { from: Date; to: Date },
  ): Promise<Digest> {
    const s = this.schema;
    const inScope = scopeCondition(scope, { column: 'org_unit' });
    const joined = scopeCondition(scope, { column: 'o.org_unit' });
    const [byKind, overdue, bulletins, tasks] = await Promise.all([
      this.db.query<{
        kind: string;
        opened: number;
        fulfilled: number;
        late: number;
        open: number;
        cancelled: number;
      }>(
        `select kind, count(*)::int as opened,
                count(*) filter (where status = 'fulfilled' and on_time)::int as fulfilled,
                count(*) filter (where status = 'fulfilled' and not on_time)::int as late,
                count(*) filter (where status = 'open')::int as open,
                count(*) filter (where status = 'cancelled')::int as cancelled
           from ${s}.obligations where ${inScope.sql} and opened_at >= $3 and opened_at < $4 group by kind order by kind`,
        [...inScope.params, from, to],
      ),
      this.db.query(
        `select o.obligation_id as "obligationId", o.incident_id as "incidentId", f.title as "incidentTitle", o.org_unit as "orgUnit",
                o.kind, o.due_at as "dueAt", o.overdue_at as "overdueAt", o.status, o.on_time as "onTime"
           from ${s}.obligations o left join ${s}.incident_facts f using (incident_id)
          where ${joined.sql} and o.overdue_at >= $3 and o.overdue_at < $4 order by o.overdue_at`,
        [...joined.params, from, to],
      ),
      this.db.query(
        `select bulletin_id as "bulletinId", incident_id as "incidentId", org_unit as "orgUnit", issue_number as "issueNumber",
                title, status, submitted_at as "submittedAt", signed_off_at as "signedOffAt"
           from ${s}.bulletins where ${inScope.sql} and submitted_at >= $3 and submitted_at < $4 order by submitted_at`,
        [...inScope.params, from, to],
      ),
      this.db.query(
        `select task_id as "taskId", incident_id as "incidentId", org_unit as "orgUnit", description, assignee as "assigneeOrgUnitId",
                due_at as "dueAt", opened_at as "openedAt"
           from ${s}.follow_up_tasks where ${inScope.sql} and opened_at >= $3 and opened_at < $4 order by opened_at`,
        [...inScope.params, from, to],
      ),
    ]);
    return {
      kind,
      from: from.toISOString(),
      to: to.toISOString(),
      obligations: byKind.rows,
      overdue: overdue.rows,
      bulletins: bulletins.rows,
      tasks: tasks.rows,
    };
  }
}
