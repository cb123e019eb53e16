import { Controller, Get, Inject, Query, StreamableFile } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { z } from 'zod';
import { Auth, Permission, scopeCondition, type AuthContext } from '@yuqing/auth';
import { PostgresEventStore } from '@yuqing/event-store';
import { digestText, renderDigestDocx, renderDigestPdf } from '@yuqing/reporting-documents';
import { PG_POOL } from '@yuqing/service-kit';
import { DocumentModels } from '../render-documents/document-models';
import {
  documentFile,
  MEDIA_TYPES,
  rendering,
  type DocumentFormat,
} from '../render-documents/document-response';
import { CLOCK } from '../reporting.tokens';
import { beijingDate, mondayOf } from '../shared/beijing-time';
import type { Clock } from '../shared/clock';

const DAY = 86_400_000;
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');
const format = z
  .enum(['json', 'pdf', 'docx', 'text'])
  .default('json')
  .describe('json: the data; pdf, docx, text: the 日报/周报 document (libs/reporting/documents).');

/** A day (or a week from a Monday) in Beijing time, as UTC instants: [from, to). */
function period(start: string, days: number): { from: Date; to: Date } {
  const from = new Date(`${start}T00:00:00+08:00`);
  return { from, to: new Date(from.getTime() + days * DAY) };
}

/**
 * The daily and weekly digest (舆情报送日报/周报) of the caller's scope: obligations opened in the period by kind
 * and how they stand, the deadlines missed (迟报/漏报), bulletins and their sign-off, tasks opened. Data for the
 * console and for the documents library's digest renderers.
 */
@Controller('api/reporting/digests')
export class DigestsController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DocumentModels) private readonly models: DocumentModels,
  ) {}

  @Get('daily')
  @ApiProduces('application/json', MEDIA_TYPES.pdf, MEDIA_TYPES.docx, MEDIA_TYPES.text)
  @Permission('reporting.read-reports', { orgUnitFrom: 'none' })
  daily(@Auth() auth: AuthContext, @Query() query: unknown): Promise<Digest | StreamableFile> {
    const q = z.strictObject({ date: date.optional(), format }).parse(query);
    const day = q.date ?? beijingDate(this.clock.now());
    return q.format === 'json'
      ? this.digest(auth, 'daily', period(day, 1))
      : this.document(auth, 'daily', period(day, 1), q.format, day);
  }

  @Get('weekly')
  @ApiProduces('application/json', MEDIA_TYPES.pdf, MEDIA_TYPES.docx, MEDIA_TYPES.text)
  @Permission('reporting.read-reports', { orgUnitFrom: 'none' })
  weekly(@Auth() auth: AuthContext, @Query() query: unknown): Promise<Digest | StreamableFile> {
    const q = z
      .strictObject({ week: date.describe('The first day of the week (a Monday).').optional(), format })
      .parse(query);
    const week = q.week ?? mondayOf(this.clock.now());
    return q.format === 'json'
      ? this.digest(auth, 'weekly', period(week, 7))
      : this.document(auth, 'weekly', period(week, 7), q.format, week);
  }

  /**
   * The digest as a document for the caller's scope, issued in the name of the unit of the grant that allowed
   * the request (the office whose duty desk prints it).
   */
  private async document(
    auth: AuthContext,
    kind: 'daily' | 'weekly',
    range: { from: Date; to: Date },
    as: DocumentFormat,
    start: string,
  ): Promise<StreamableFile> {
    const model = await this.models.digest(
      auth.scope,
      kind,
      range,
      this.models.nameOf(auth.grant.orgUnit),
      this.clock.now(),
    );
    const content = await rendering<Buffer | string>(() =>
      as === 'pdf' ? renderDigestPdf(model) : as === 'docx' ? renderDigestDocx(model) : digestText(model),
    );
    const title = `${model.issuingOffice} 舆情报送${kind === 'daily' ? '日报' : '周报'} ${start}`;
    return documentFile(content, as, title, `digest-${kind}-${start}`);
  }

  private async digest(
    auth: AuthContext,
    kind: 'daily' | 'weekly',
    { from, to }: { from: Date; to: Date },
  ): Promise<Digest> {
    const s = this.store.schema;
    const scope = scopeCondition(auth.scope, { column: 'org_unit' });
    const joined = scopeCondition(auth.scope, { column: 'o.org_unit' });
    const [byKind, overdue, bulletins, tasks] = await Promise.all([
      this.pool.query<{
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
           from ${s}.obligations where ${scope.sql} and opened_at >= $3 and opened_at < $4 group by kind order by kind`,
        [...scope.params, from, to],
      ),
      this.pool.query(
        `select o.obligation_id as "obligationId", o.incident_id as "incidentId", f.title as "incidentTitle", o.org_unit as "orgUnit",
                o.kind, o.due_at as "dueAt", o.overdue_at as "overdueAt", o.status, o.on_time as "onTime"
           from ${s}.obligations o left join ${s}.incident_facts f using (incident_id)
          where ${joined.sql} and o.overdue_at >= $3 and o.overdue_at < $4 order by o.overdue_at`,
        [...joined.params, from, to],
      ),
      this.pool.query(
        `select bulletin_id as "bulletinId", incident_id as "incidentId", org_unit as "orgUnit", issue_number as "issueNumber",
                title, status, submitted_at as "submittedAt", signed_off_at as "signedOffAt"
           from ${s}.bulletins where ${scope.sql} and submitted_at >= $3 and submitted_at < $4 order by submitted_at`,
        [...scope.params, from, to],
      ),
      this.pool.query(
        `select task_id as "taskId", incident_id as "incidentId", org_unit as "orgUnit", description, assignee as "assigneeOrgUnitId",
                due_at as "dueAt", opened_at as "openedAt"
           from ${s}.follow_up_tasks where ${scope.sql} and opened_at >= $3 and opened_at < $4 order by opened_at`,
        [...scope.params, from, to],
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

export interface Digest {
  readonly kind: 'daily' | 'weekly';
  readonly from: string;
  readonly to: string;
  readonly obligations: readonly unknown[];
  readonly overdue: readonly unknown[];
  readonly bulletins: readonly unknown[];
  readonly tasks: readonly unknown[];
}
