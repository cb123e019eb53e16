import { Injectable } from '@nestjs/common';
import { scopeCondition } from '@yuqing/auth';
import { ReadModel } from '@yuqing/service-kit';

/** The monitoring rules a caller may see, by id. */
@Injectable()
export class RulesReadModel extends ReadModel {
  async list(scope: readonly string[]): Promise<unknown[]> {
    const condition = scopeCondition(scope, { column: 'org_unit' });
    const { rows } = await this.db.query(
      `select rule_id as "ruleId", org_unit as "orgUnit", version, name, expression, platforms, active
         from ${this.table('rules')} where ${condition.sql} order by rule_id limit 500`,
      condition.params,
    );
    return rows;
  }
}
