import { Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import type { Pool } from 'pg';
import { Permission } from '@yuqing/auth';
import { PostgresEventStore } from '@yuqing/event-store';
import type { GradingRuleSet } from '@yuqing/grading-domain';
import { PG_POOL } from '@yuqing/service-kit';
import { RULE_SET } from '../grading.tokens';

/**
 * The rule sets grading has decided by. Every proposal names its version; here is what that version said, so a
 * decision can be explained and re-checked against the rules that made it.
 */
@Controller('api/grading/rule-sets')
export class RuleSetsController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(RULE_SET) private readonly inForce: GradingRuleSet,
  ) {}

  @Get()
  @Permission('grading.read-incidents', { orgUnitFrom: 'none' })
  async list(): Promise<{ inForce: string; ruleSets: unknown[] }> {
    const { rows } = await this.pool.query(
      `select version, content->>'title' as title, digest, first_loaded_at as "firstLoadedAt"
         from ${this.store.schema}.rule_sets order by first_loaded_at desc, version`,
    );
    return { inForce: this.inForce.version, ruleSets: rows };
  }

  @Get(':version')
  @Permission('grading.read-incidents', { orgUnitFrom: 'none' })
  async one(@Param('version') version: string): Promise<unknown> {
    const { rows } = await this.pool.query<{ content: unknown; digest: string; firstLoadedAt: Date }>(
      `select content, digest, first_loaded_at as "firstLoadedAt" from ${this.store.schema}.rule_sets where version = $1`,
      [version],
    );
    if (!rows[0]) throw new NotFoundException(`rule set ${version} not found`);
    return { version, inForce: version === this.inForce.version, ...rows[0] };
  }
}
