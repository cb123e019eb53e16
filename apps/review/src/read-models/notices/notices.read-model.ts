import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { scopeCondition } from '@yuqing/auth';
import { ProjectionRunner } from '@yuqing/event-store';
import { PG_POOL, ReadModel } from '@yuqing/service-kit';

export interface NoticeRow {
  readonly noticeId: string;
  readonly orgUnit: string;
  readonly period: string;
  readonly documentNumber: string;
  readonly title: string;
  readonly findingIds: readonly string[];
  readonly issuedAt: Date;
}

const COLUMNS = `notice_id as "noticeId", org_unit as "orgUnit", period, document_number as "documentNumber", title,
  finding_ids as "findingIds", issued_at as "issuedAt"`;

@Injectable()
export class NoticesReadModel extends ReadModel {
  constructor(@Inject(PG_POOL) db: Pool, @Inject(ProjectionRunner) runner: ProjectionRunner) {
    super(db, runner);
  }

  async list(scope: readonly string[]): Promise<NoticeRow[]> {
    const inScope = scopeCondition(scope, { column: 'org_unit' });
    const { rows } = await this.db.query<NoticeRow>(
      `select ${COLUMNS} from ${this.table('notices')} where ${inScope.sql} order by issued_at desc limit 200`,
      inScope.params,
    );
    return rows;
  }

  async one(noticeId: string): Promise<NoticeRow | undefined> {
    const { rows } = await this.db.query<NoticeRow>(
      `select ${COLUMNS} from ${this.table('notices')} where notice_id = $1`,
      [noticeId],
    );
    return rows[0];
  }

  /** For the guard (resolver `notice`): the issuing unit. */
  async orgUnitOf(noticeId: string): Promise<string | undefined> {
    return (await this.one(noticeId))?.orgUnit;
  }
}
