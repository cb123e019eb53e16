import { Injectable } from '@nestjs/common';
import { scopeCondition } from '@yuqing/auth';
import { cursor, nextCursor, ReadModel } from '@yuqing/service-kit';

interface SummaryRow {
  summaryId: string;
  submittedAt: Date;
}

/** 处置总结: the summaries reported, part by part, newest first, within the caller's scope. */
@Injectable()
export class HandlingSummariesReadModel extends ReadModel {
  async summaries(
    scope: readonly string[],
    query: { readonly limit: number; readonly after?: string; readonly incidentId?: string },
  ): Promise<{ summaries: unknown[]; next?: string }> {
    const from = cursor(query.after);
    const inScope = scopeCondition(scope, { column: 's.org_unit' });
    const { rows } = await this.db.query<SummaryRow>(
      `select s.summary_id as "summaryId", s.obligation_id as "obligationId", s.incident_id as "incidentId",
              s.org_unit as "orgUnit", s.grade, s.what_happened as "whatHappened", s.how_handled as "howHandled",
              s.lessons, s.outlook, s.recipient as "recipientOrgUnitId", s.submitted_at as "submittedAt",
              c.completed_at as "handlingCompletedAt"
         from ${this.table('handling_summaries')} s
              left join ${this.table('handling_completions')} c using (incident_id)
        where ${inScope.sql} and ($3::text is null or s.incident_id = $3)
          and ($4::timestamptz is null or (s.submitted_at, s.summary_id) < ($4, $5))
        order by s.submitted_at desc, s.summary_id desc limit $6`,
      [...inScope.params, query.incidentId ?? null, from?.at ?? null, from?.id ?? null, query.limit],
    );
    const last = rows[rows.length - 1];
    return {
      summaries: rows,
      ...(rows.length === query.limit && last ? { next: nextCursor(last.submittedAt, last.summaryId) } : {}),
    };
  }
}
