import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { scopeCondition } from '@yuqing/auth';
import { guidanceStreams, type RecordedEvent } from '@yuqing/contracts';
import { PostgresEventStore, ProjectionRunner } from '@yuqing/event-store';
import { cursor, nextCursor, PG_POOL, ReadModel } from '@yuqing/service-kit';

export interface ResponseRow {
  readonly responseId: string;
  readonly orgUnit: string;
  readonly title: string;
  readonly status: 'open' | 'closed';
  readonly openedAt: Date;
  readonly closedAt: Date | null;
  readonly closeReason: string | null;
  readonly version: number;
}

const COLUMNS = `response_id as "responseId", org_unit as "orgUnit", title, status,
  opened_at as "openedAt", closed_at as "closedAt", close_reason as "closeReason", version`;

/** Queries on the responses projection; GET controllers and handlers call these, never SQL. */
@Injectable()
export class ResponsesReadModel extends ReadModel {
  constructor(
    @Inject(PG_POOL) db: Pool,
    @Inject(ProjectionRunner) runner: ProjectionRunner,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
  ) {
    super(db, runner);
  }

  /** A page of the responses within `scope`, newest first. */
  async list(
    scope: readonly string[],
    limit: number,
    after: string | undefined,
  ): Promise<{ responses: ResponseRow[]; next?: string }> {
    const from = cursor(after);
    const inScope = scopeCondition(scope, { column: 'org_unit' });
    const { rows } = await this.db.query<ResponseRow>(
      `select ${COLUMNS} from ${this.table('responses')}
        where ${inScope.sql} and ($3::timestamptz is null or (opened_at, response_id) < ($3, $4))
        order by opened_at desc, response_id desc limit $5`,
      [...inScope.params, from?.at ?? null, from?.id ?? null, limit],
    );
    const last = rows[rows.length - 1];
    return {
      responses: rows,
      ...(rows.length === limit && last ? { next: nextCursor(last.openedAt, last.responseId) } : {}),
    };
  }

  async one(responseId: string): Promise<ResponseRow | undefined> {
    const { rows } = await this.db.query<ResponseRow>(
      `select ${COLUMNS} from ${this.table('responses')} where response_id = $1`,
      [responseId],
    );
    return rows[0];
  }

  /** The org unit of a response, for the guard (resolver `response`). */
  async orgUnitOf(responseId: string): Promise<string | undefined> {
    return (await this.one(responseId))?.orgUnit;
  }

  /** Its decisions as recorded, oldest first: the audit trail. */
  history(responseId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(guidanceStreams.response.id(responseId));
  }
}
