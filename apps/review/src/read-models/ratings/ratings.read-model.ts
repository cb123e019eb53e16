import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { scopeCondition } from '@yuqing/auth';
import type { EventData, RatingComputed } from '@yuqing/contracts';
import { ProjectionRunner } from '@yuqing/event-store';
import { PG_POOL, ReadModel } from '@yuqing/service-kit';

export interface RatingRow {
  readonly orgUnit: string;
  readonly period: string;
  readonly ratingId: string;
  readonly schemeVersion: string;
  readonly score: number;
  readonly rating: EventData<typeof RatingComputed>['rating'];
  readonly excellentBarred: boolean;
  readonly lines: EventData<typeof RatingComputed>['lines'];
  readonly barredPersonIds: readonly string[];
  readonly computedAt: Date;
  readonly version: number;
}

const COLUMNS = `org_unit as "orgUnit", period, rating_id as "ratingId", scheme_version as "schemeVersion",
  score::float8 as score, rating, excellent_barred as "excellentBarred", lines, barred_person_ids as "barredPersonIds",
  computed_at as "computedAt", version`;

/** The ratings as they stand, and the org tree the review heard of (the departments a rating covers). */
@Injectable()
export class RatingsReadModel extends ReadModel {
  constructor(@Inject(PG_POOL) db: Pool, @Inject(ProjectionRunner) runner: ProjectionRunner) {
    super(db, runner);
  }

  /** The ratings of a period within `scope`, by department. */
  async list(scope: readonly string[], period: string | undefined): Promise<RatingRow[]> {
    const inScope = scopeCondition(scope, { column: 'org_unit' });
    const n = inScope.params.length;
    const { rows } = await this.db.query<RatingRow>(
      `select ${COLUMNS} from ${this.table('ratings')}
        where ${inScope.sql} and ($${n + 1}::text is null or period = $${n + 1})
        order by period desc, org_unit`,
      [...inScope.params, period ?? null],
    );
    return rows;
  }

  async one(orgUnit: string, period: string): Promise<RatingRow | undefined> {
    const { rows } = await this.db.query<RatingRow>(
      `select ${COLUMNS} from ${this.table('ratings')} where org_unit = $1 and period = $2`,
      [orgUnit, period],
    );
    return rows[0];
  }

  /** The units within `unit` (itself included) that identity announced: every one is rated, findings or none. */
  async unitsWithin(unit: string): Promise<{ orgUnit: string; name: string }[]> {
    const { rows } = await this.db.query<{ orgUnit: string; name: string }>(
      `select org_unit as "orgUnit", name from ${this.table('org_units')}
        where org_unit = $1 or org_unit like $1 || '.%' order by org_unit`,
      [unit],
    );
    return rows;
  }

  /** Names of org units, for documents (a unit not heard of keeps its path). */
  async names(units: readonly string[]): Promise<Map<string, string>> {
    const { rows } = await this.db.query<{ org_unit: string; name: string }>(
      `select org_unit, name from ${this.table('org_units')} where org_unit = any($1::text[])`,
      [[...units]],
    );
    return new Map(rows.map((row) => [row.org_unit, row.name]));
  }
}
