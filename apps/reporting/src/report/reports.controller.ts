import { Body, Controller, Headers, HttpCode, Inject, NotFoundException, Post } from '@nestjs/common';
import type { Pool } from 'pg';
import { actorOf, Auth, Permission, type AuthContext } from '@yuqing/auth';
import {
  AcknowledgeReportReceipt,
  ForwardReport,
  ReportHandlingResult,
  SendFlashReport,
  SubmitBulletin,
  type EventMetadata,
} from '@yuqing/contracts';
import { PostgresEventStore, uuidv7 } from '@yuqing/event-store';
import { formatIssueNumber } from '@yuqing/reporting-documents';
import { PG_POOL } from '@yuqing/service-kit';
import { beijingYear } from '../shared/beijing-time';
import { idempotent } from '../shared/idempotency';
import { IncidentReporting, type ReportingInput } from '../shared/incident-reporting';

/** What a write answers: the report it recorded, and whether that met its obligation (on time or late). */
export interface ReportOutcome {
  readonly reportId: string;
  readonly incidentId: string;
  readonly obligation?: { readonly obligationId: string; readonly status: string; readonly onTime?: boolean };
}

/**
 * The reports an office makes (报送): POST /api/reporting/flash-reports (快报), /bulletins (《网上舆情》),
 * /handling-results (回告), /forwards (转报 up the chain or to a 督办室), /receipts (签收). Each takes an
 * Idempotency-Key, since an office on a bad line retries.
 */
@Controller('api/reporting')
export class ReportsController {
  constructor(
    @Inject(IncidentReporting) private readonly reporting: IncidentReporting,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
  ) {}

  @Post('flash-reports')
  @HttpCode(201)
  @Permission('reporting.send-report', { orgUnitFrom: { resolver: 'obligation', from: 'body.obligationId' } })
  async flash(
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Auth() auth: AuthContext,
  ): Promise<ReportOutcome> {
    const request = SendFlashReport.parse(body);
    return idempotent(
      this.pool,
      this.store.schema,
      `flash:${auth.principal.subject}`,
      key,
      request,
      async () => {
        const reportId = uuidv7();
        return this.onObligation(request.obligationId, auth, reportId, {
          kind: 'send-flash',
          reportId,
          obligationId: request.obligationId,
          method: request.method,
          recipientOrgUnitId: request.recipientOrgUnitId,
          ...(request.recipientUserId ? { recipientUserId: request.recipientUserId } : {}),
          sentAt: request.sentAt,
          summary: request.summary,
        });
      },
    );
  }

  @Post('bulletins')
  @HttpCode(201)
  @Permission('reporting.send-report', { orgUnitFrom: { resolver: 'obligation', from: 'body.obligationId' } })
  async bulletin(
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Auth() auth: AuthContext,
  ): Promise<ReportOutcome> {
    const request = SubmitBulletin.parse(body);
    return idempotent(
      this.pool,
      this.store.schema,
      `bulletin:${auth.principal.subject}`,
      key,
      request,
      async () => {
        const bulletinId = uuidv7();
        const { obligationId, issueNumber, title, body, recipientOrgUnitId, submittedAt, ...sections } =
          request;
        return this.onObligation(obligationId, auth, bulletinId, {
          kind: 'submit-bulletin',
          bulletinId,
          obligationId,
          issueNumber:
            issueNumber ?? (await nextIssueNumber(this.pool, this.store.schema, obligationId, submittedAt)),
          title,
          body,
          sections,
          recipientOrgUnitId,
          submittedAt,
        });
      },
    );
  }

  @Post('handling-results')
  @HttpCode(201)
  @Permission('reporting.send-report', { orgUnitFrom: { resolver: 'obligation', from: 'body.obligationId' } })
  async handlingResult(
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Auth() auth: AuthContext,
  ): Promise<ReportOutcome> {
    const request = ReportHandlingResult.parse(body);
    return idempotent(
      this.pool,
      this.store.schema,
      `result:${auth.principal.subject}`,
      key,
      request,
      async () => {
        const reportId = uuidv7();
        return this.onObligation(request.obligationId, auth, reportId, {
          kind: 'report-handling-result',
          reportId,
          obligationId: request.obligationId,
          result: request.result,
          resolution: request.resolution,
          ...(request.publicReplyUrl ? { publicReplyUrl: request.publicReplyUrl } : {}),
          reportedAt: request.reportedAt,
        });
      },
    );
  }

  @Post('forwards')
  @HttpCode(201)
  @Permission('reporting.send-report', { orgUnitFrom: { resolver: 'report-holder', from: 'body.reportId' } })
  async forward(
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Auth() auth: AuthContext,
  ): Promise<ReportOutcome> {
    const request = ForwardReport.parse(body);
    return idempotent(this.pool, this.store.schema, `forward:${auth.principal.subject}`, key, request, () =>
      this.onReport(request.reportId, auth, {
        kind: 'forward',
        reportId: request.reportId,
        toOrgUnitId: request.toOrgUnitId,
        route: request.route,
        ...(request.note ? { note: request.note } : {}),
        forwardedAt: request.forwardedAt,
      }),
    );
  }

  @Post('receipts')
  @HttpCode(201)
  @Permission('reporting.acknowledge-report', {
    orgUnitFrom: { resolver: 'report-receipt', from: 'body.reportId' },
  })
  async receipt(
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Auth() auth: AuthContext,
  ): Promise<ReportOutcome> {
    const request = AcknowledgeReportReceipt.parse(body);
    return idempotent(this.pool, this.store.schema, `receipt:${auth.principal.subject}`, key, request, () =>
      this.onReport(request.reportId, auth, {
        kind: 'acknowledge',
        reportId: request.reportId,
        acknowledgedAt: request.acknowledgedAt,
      }),
    );
  }

  private async onObligation(
    obligationId: string,
    auth: AuthContext,
    reportId: string,
    input: ReportingInput,
  ): Promise<ReportOutcome> {
    const { rows } = await this.pool.query<{ incident_id: string; org_unit: string }>(
      `select incident_id, org_unit from ${this.store.schema}.obligations where obligation_id = $1`,
      [obligationId],
    );
    const found = rows[0];
    if (!found) throw new NotFoundException(`obligation ${obligationId} not found`);
    const { state } = await this.reporting.execute(
      found.incident_id,
      input,
      metadata(found.org_unit, auth, found.incident_id),
    );
    const o = state.obligations.find((x) => x.obligationId === obligationId);
    return {
      reportId,
      incidentId: found.incident_id,
      ...(o
        ? {
            obligation: {
              obligationId,
              status: o.status,
              ...(o.onTime !== undefined ? { onTime: o.onTime } : {}),
            },
          }
        : {}),
    };
  }

  private async onReport(reportId: string, auth: AuthContext, input: ReportingInput): Promise<ReportOutcome> {
    const { rows } = await this.pool.query<{
      incident_id: string;
      org_unit: string;
      obligation_id: string | null;
    }>(`select incident_id, org_unit, obligation_id from ${this.store.schema}.reports where report_id = $1`, [
      reportId,
    ]);
    const found = rows[0];
    if (!found) throw new NotFoundException(`report ${reportId} not found`);
    const { state } = await this.reporting.execute(
      found.incident_id,
      input,
      metadata(found.org_unit, auth, found.incident_id),
    );
    const o = state.obligations.find((x) => x.obligationId === found.obligation_id);
    return {
      reportId,
      incidentId: found.incident_id,
      ...(o
        ? {
            obligation: {
              obligationId: o.obligationId,
              status: o.status,
              ...(o.onTime !== undefined ? { onTime: o.onTime } : {}),
            },
          }
        : {}),
    };
  }
}

/**
 * The next 期号 of the unit's (Beijing) year, 〔2026〕第n期, for a bulletin submitted without one. Counted per org
 * unit of the incident (the office that issues the bulletin) in bulletin_issues; the number travels in the event.
 * A number is taken before the domain decides, so a refused submission leaves a gap, as a withdrawn issue does on
 * paper. Only bulletin obligations take one; an unknown obligation is the 404 of onObligation.
 */
async function nextIssueNumber(
  pool: Pool,
  schema: string,
  obligationId: string,
  submittedAt: string,
): Promise<string | undefined> {
  const year = beijingYear(new Date(submittedAt));
  const { rows } = await pool.query<{ last: number }>(
    `insert into ${schema}.bulletin_issues (org_unit, year, last)
       select org_unit, $2, 1 from ${schema}.obligations where obligation_id = $1 and kind = 'bulletin'
     on conflict (org_unit, year) do update set last = ${schema}.bulletin_issues.last + 1
     returning last`,
    [obligationId, year],
  );
  const last = rows[0]?.last;
  return last === undefined ? undefined : formatIssueNumber(year, last);
}

function metadata(orgUnit: string, auth: AuthContext, incidentId: string): EventMetadata {
  return { orgUnit, actor: actorOf(auth), correlationId: incidentId };
}
