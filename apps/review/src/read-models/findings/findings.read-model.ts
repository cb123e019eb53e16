import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { scopeCondition } from '@yuqing/auth';
import { reviewStreams, type FindingKind, type FindingSeverity, type RecordedEvent } from '@yuqing/contracts';
import { PostgresEventStore, ProjectionRunner } from '@yuqing/event-store';
import type { FindingStatus, RatedFinding } from '@yuqing/review-domain';
import { cursor, nextCursor, PG_POOL, ReadModel } from '@yuqing/service-kit';

export interface FindingRow {
  readonly findingId: string;
  readonly kind: FindingKind;
  readonly subject: string;
  readonly incidentId: string | null;
  readonly orgUnit: string;
  readonly personId: string | null;
  readonly severity: FindingSeverity;
  readonly period: string;
  readonly occurredAt: Date;
  readonly summary: string;
  readonly evidence: readonly {
    eventId: string;
    type: string;
    streamId: string;
    streamPosition: number;
    time: string;
  }[];
  readonly detector: string;
  readonly status: Exclude<FindingStatus, 'none'>;
  readonly explanation: string | null;
  readonly rulingReason: string | null;
  readonly ruledAt: Date | null;
  readonly appealBy: Date | null;
  readonly appealGrounds: string | null;
  readonly appealOutcome: string | null;
  readonly recordedAt: Date;
  readonly version: number;
}

const COLUMNS = `finding_id as "findingId", kind, subject, incident_id as "incidentId", org_unit as "orgUnit",
  person_id as "personId", severity, period, occurred_at as "occurredAt", summary, evidence, detector, status,
  explanation, ruling_reason as "rulingReason", ruled_at as "ruledAt", appeal_by as "appealBy",
  appeal_grounds as "appealGrounds", appeal_outcome as "appealOutcome", recorded_at as "recordedAt", version`;

export interface FindingFilter {
  readonly period?: string | undefined;
  readonly status?: string | undefined;
  readonly kind?: string | undefined;
}

/** The finding as a rating reads it. */
export function ratedFinding(row: FindingRow): RatedFinding {
  return {
    findingId: row.findingId,
    kind: row.kind,
    severity: row.severity,
    subject: row.subject,
    responsibleOrgUnitId: row.orgUnit,
    responsiblePersonId: row.personId ?? undefined,
    status: row.status,
  };
}

/** Queries on the findings projection; GET controllers and handlers call these, never SQL. */
@Injectable()
export class FindingsReadModel extends ReadModel {
  constructor(
    @Inject(PG_POOL) db: Pool,
    @Inject(ProjectionRunner) runner: ProjectionRunner,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
  ) {
    super(db, runner);
  }

  /** A page of the findings within `scope`, newest first, filtered by period (quarter or year), status, kind. */
  async list(
    scope: readonly string[],
    filter: FindingFilter,
    limit: number,
    after: string | undefined,
  ): Promise<{ findings: FindingRow[]; next?: string }> {
    const from = cursor(after);
    const inScope = scopeCondition(scope, { column: 'org_unit' });
    const n = inScope.params.length;
    const { rows } = await this.db.query<FindingRow>(
      `select ${COLUMNS} from ${this.table('findings')}
        where ${inScope.sql}
          and ($${n + 1}::text is null or period = $${n + 1} or period like $${n + 1} || '-Q_')
          and ($${n + 2}::text is null or status = $${n + 2})
          and ($${n + 3}::text is null or kind = $${n + 3})
          and ($${n + 4}::timestamptz is null or (recorded_at, finding_id) < ($${n + 4}, $${n + 5}))
        order by recorded_at desc, finding_id desc limit $${n + 6}`,
      [
        ...inScope.params,
        filter.period ?? null,
        filter.status ?? null,
        filter.kind ?? null,
        from?.at ?? null,
        from?.id ?? null,
        limit,
      ],
    );
    const last = rows[rows.length - 1];
    return {
      findings: rows,
      ...(rows.length === limit && last ? { next: nextCursor(last.recordedAt, last.findingId) } : {}),
    };
  }

  /** Every finding of a period (quarter, or a year's quarters) of the departments within `unit`. */
  async ofPeriod(unit: string, period: string): Promise<FindingRow[]> {
    const inScope = scopeCondition([unit], { column: 'org_unit' });
    const n = inScope.params.length;
    const { rows } = await this.db.query<FindingRow>(
      `select ${COLUMNS} from ${this.table('findings')}
        where ${inScope.sql} and (period = $${n + 1} or period like $${n + 1} || '-Q_')
        order by occurred_at, finding_id`,
      [...inScope.params, period],
    );
    return rows;
  }

  async one(findingId: string): Promise<FindingRow | undefined> {
    const { rows } = await this.db.query<FindingRow>(
      `select ${COLUMNS} from ${this.table('findings')} where finding_id = $1`,
      [findingId],
    );
    return rows[0];
  }

  /** The org unit of a finding, for the guard (resolver `finding`). */
  async orgUnitOf(findingId: string): Promise<string | undefined> {
    return (await this.one(findingId))?.orgUnit;
  }

  /** Its decisions as recorded, oldest first: the audit trail. */
  history(findingId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(reviewStreams.finding.id(findingId));
  }
}
