import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { scopeCondition } from '@yuqing/auth';
import { archiveStreams, type CaseSummary, type RecordedEvent } from '@yuqing/contracts';
import { PostgresEventStore, ProjectionRunner } from '@yuqing/event-store';
import { cursor, nextCursor, PG_POOL, ReadModel } from '@yuqing/service-kit';

export interface CaseRow {
  readonly caseId: string;
  readonly orgUnit: string;
  readonly title: string | null;
  readonly status: 'open' | 'closed';
  readonly level: string | null;
  readonly exceptional: boolean;
  readonly category: string | null;
  readonly tags: string[];
  readonly summary: CaseSummary | null;
  readonly summarySource: string | null;
  readonly openedAt: Date;
  readonly closedAt: Date | null;
  readonly entries: number;
  readonly lastEntryAt: Date | null;
  readonly version: number;
}

export interface CaseEntryRow {
  readonly position: number;
  readonly entryKind: string;
  readonly summary: string;
  readonly occurredAt: Date;
  readonly source: {
    readonly context: string;
    readonly eventId: string;
    readonly eventType: string;
    readonly streamId: string;
    readonly streamPosition: number;
    readonly hash: string | null;
  };
  readonly facts: Record<string, unknown>;
}

export interface CaseReadRow {
  readonly purpose: string;
  readonly readerKind: string;
  readonly readerId: string;
  readonly readAt: Date;
}

const COLUMNS = `case_id as "caseId", org_unit as "orgUnit", title, status, level, exceptional, category, tags,
  summary, summary_source as "summarySource", opened_at as "openedAt", closed_at as "closedAt", entries,
  last_entry_at as "lastEntryAt", version`;

/** Queries on the case files; GET controllers and handlers call these, never SQL. */
@Injectable()
export class CaseFilesReadModel extends ReadModel {
  constructor(
    @Inject(PG_POOL) db: Pool,
    @Inject(ProjectionRunner) runner: ProjectionRunner,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
  ) {
    super(db, runner);
  }

  /** A page of the cases within `scope`, most recently active first; `status` filters open or closed ones. */
  async list(
    scope: readonly string[],
    filter: { readonly status?: 'open' | 'closed' },
    limit: number,
    after: string | undefined,
  ): Promise<{ cases: CaseRow[]; next?: string }> {
    const from = cursor(after);
    const inScope = scopeCondition(scope, { column: 'org_unit' });
    const n = inScope.params.length;
    const { rows } = await this.db.query<CaseRow>(
      `select ${COLUMNS} from ${this.table('cases')}
        where ${inScope.sql} and ($${n + 1}::text is null or status = $${n + 1})
          and ($${n + 2}::timestamptz is null or (opened_at, case_id) < ($${n + 2}, $${n + 3}))
        order by opened_at desc, case_id desc limit $${n + 4}`,
      [...inScope.params, filter.status ?? null, from?.at ?? null, from?.id ?? null, limit],
    );
    const last = rows[rows.length - 1];
    return {
      cases: rows,
      ...(rows.length === limit && last ? { next: nextCursor(last.openedAt, last.caseId) } : {}),
    };
  }

  async one(caseId: string): Promise<CaseRow | undefined> {
    const { rows } = await this.db.query<CaseRow>(
      `select ${COLUMNS} from ${this.table('cases')} where case_id = $1`,
      [caseId],
    );
    return rows[0];
  }

  /** The whole case file: the case, every entry in filing order with its source link, and who read it. */
  async caseFile(
    caseId: string,
  ): Promise<{ case: CaseRow; entries: CaseEntryRow[]; reads: CaseReadRow[] } | undefined> {
    const found = await this.one(caseId);
    if (!found) return undefined;
    const [entries, reads] = await Promise.all([
      this.db.query<CaseEntryRow>(
        `select position, entry_kind as "entryKind", summary, occurred_at as "occurredAt",
           json_build_object('context', source_context, 'eventId', source_event_id,
             'eventType', source_event_type, 'streamId', source_stream_id,
             'streamPosition', source_stream_position, 'hash', source_hash) as source, facts
           from ${this.table('case_entries')} where case_id = $1 order by position`,
        [caseId],
      ),
      this.db.query<CaseReadRow>(
        `select purpose, reader_kind as "readerKind", reader_id as "readerId", read_at as "readAt"
           from ${this.table('case_reads')} where case_id = $1 order by position`,
        [caseId],
      ),
    ]);
    return { case: found, entries: entries.rows, reads: reads.rows };
  }

  /** The org unit of a case, for the guard (resolver `case`). */
  async orgUnitOf(caseId: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ orgUnit: string }>(
      `select org_unit as "orgUnit" from ${this.table('cases')} where case_id = $1`,
      [caseId],
    );
    return rows[0]?.orgUnit;
  }

  /** Its events as recorded, oldest first: the audit trail. */
  history(caseId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(archiveStreams.case.id(caseId));
  }
}
