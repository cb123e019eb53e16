import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { scopeCondition } from '@yuqing/auth';
import { PostgresEventStore } from '@yuqing/event-store';
import { PG_POOL } from '@yuqing/service-kit';

/** The monitoring rules a caller may see, by id. */
@Injectable()
export class RulesReadModel {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async list(scope: readonly string[]): Promise<unknown[]> {
    const condition = scopeCondition(scope, { column: 'org_unit' });
    const { rows } = await this.pool.query(
      `select rule_id as "ruleId", org_unit as "orgUnit", version, name, expression, platforms, active
         from ${this.store.schema}.rules where ${condition.sql} order by rule_id limit 500`,
      condition.params,
    );
    return rows;
  }
}
