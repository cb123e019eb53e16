import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { scopeCondition } from '@yuqing/auth';
import { guidanceStreams, type RecordedEvent } from '@yuqing/contracts';
import { PostgresEventStore, ProjectionRunner } from '@yuqing/event-store';
import { cursor, nextCursor, PG_POOL, ReadModel } from '@yuqing/service-kit';

export type WrittenRequestListStatus = 'pending' | 'approved' | 'refused' | 'closed' | 'overdue';

export interface WrittenRequestRow {
  readonly requestId: string;
  readonly orgUnit: string;
  readonly kind: string;
  readonly incidentId: string | null;
  readonly approverUnit: string;
  readonly approverRoles: string[];
  readonly article: string;
  readonly subject: string;
  readonly status: 'pending' | 'approved' | 'refused' | 'closed';
  readonly filedBy: string;
  readonly filedAt: Date;
  readonly dueAt: Date;
  readonly remindedAt: Date | null;
  readonly overdueAt: Date | null;
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
  readonly decisionNote: string | null;
  readonly answeredLate: boolean | null;
  readonly outcome: string | null;
  readonly outcomeAt: Date | null;
  readonly closedAt: Date | null;
  readonly ruleSetVersion: string;
  readonly version: number;
}

/** One request in full: the row, its text and the document as filed. */
export interface WrittenRequestDetail extends WrittenRequestRow {
  readonly body: string;
  readonly document: string;
}

const COLUMNS = `request_id as "requestId", org_unit as "orgUnit", kind, incident_id as "incidentId",
  approver_unit as "approverUnit", approver_roles as "approverRoles", article, subject, status,
  filed_by as "filedBy", filed_at as "filedAt", due_at as "dueAt", reminded_at as "remindedAt",
  overdue_at as "overdueAt", decided_by as "decidedBy", decided_at as "decidedAt", decision_note as "decisionNote",
  answered_late as "answeredLate", outcome, outcome_at as "outcomeAt", closed_at as "closedAt",
  rule_set_version as "ruleSetVersion", version`;

export interface WrittenRequestFilter {
  readonly kind?: string;
  /** `overdue`: still unanswered and recorded overdue. */
  readonly status?: WrittenRequestListStatus;
}

/** Queries on the written requests: the filing unit's and the addressed unit's, within the caller's scope. */
@Injectable()
export class WrittenRequestsReadModel extends ReadModel {
  constructor(
    @Inject(PG_POOL) db: Pool,
    @Inject(ProjectionRunner) runner: ProjectionRunner,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
  ) {
    super(db, runner);
  }

  /** A page of requests filed in or addressed to the caller's scope, newest first. */
  async list(
    scope: readonly string[],
    filter: WrittenRequestFilter,
    limit: number,
    after: string | undefined,
  ): Promise<{ requests: WrittenRequestRow[]; next?: string }> {
    const from = cursor(after);
    const inScope = scopeCondition(scope, { column: 'org_unit', sharedWithColumn: 'shared_with' });
    const overdueOnly =
      filter.status === 'overdue' ? ` and status = 'pending' and overdue_at is not null` : '';
    const { rows } = await this.db.query<WrittenRequestRow>(
      `select ${COLUMNS} from ${this.table('written_requests')}
        where ${inScope.sql} and ($3::text is null or kind = $3) and ($4::text is null or status = $4)${overdueOnly}
          and ($5::timestamptz is null or (filed_at, request_id) < ($5, $6))
        order by filed_at desc, request_id desc limit $7`,
      [
        ...inScope.params,
        filter.kind ?? null,
        filter.status === 'overdue' ? null : (filter.status ?? null),
        from?.at ?? null,
        from?.id ?? null,
        limit,
      ],
    );
    const last = rows[rows.length - 1];
    return {
      requests: rows,
      ...(rows.length === limit && last ? { next: nextCursor(last.filedAt, last.requestId) } : {}),
    };
  }

  /** One request with its document, if the caller's scope covers the filing or the addressed unit. */
  async one(requestId: string, scope: readonly string[]): Promise<WrittenRequestDetail | undefined> {
    const inScope = scopeCondition(scope, {
      column: 'org_unit',
      sharedWithColumn: 'shared_with',
      firstParam: 2,
    });
    const { rows } = await this.db.query<WrittenRequestDetail>(
      `select ${COLUMNS}, body, document from ${this.table('written_requests')}
        where request_id = $1 and ${inScope.sql}`,
      [requestId, ...inScope.params],
    );
    return rows[0];
  }

  /** The unit a request is addressed to, for the guard (resolver `writtenRequestApprover`). */
  async approverUnitOf(requestId: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ approver_unit: string }>(
      `select approver_unit from ${this.table('written_requests')} where request_id = $1`,
      [requestId],
    );
    return rows[0]?.approver_unit;
  }

  /** Its decisions as recorded, oldest first. */
  history(requestId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(guidanceStreams.request.id(requestId));
  }
}
