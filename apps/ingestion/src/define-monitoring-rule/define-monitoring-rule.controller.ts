import { BadRequestException, Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import type { Pool } from 'pg';
import { z } from 'zod';
import { actorOf, Auth, type AuthContext, Permission, scopeCondition } from '@yuqing/auth';
import { DomainRuleError, MonitoringRuleDefined, platform } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import { parseKeywordExpression, RuleSyntaxError } from '@yuqing/ingestion-domain';
import { PG_POOL } from '@yuqing/service-kit';

const definition = z.strictObject({
  orgUnit: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(200),
  expression: z.string().min(1).max(2000),
  platforms: z.array(platform).max(20).default([]),
  active: z.boolean().default(true),
});

const ruleId = z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'letters, digits and . _ : - only');

/**
 * PUT /api/ingestion/rules/{ruleId}: defines or redefines a monitoring rule (监测规则). A rule that does not
 * parse is refused with the position and token at fault; each redefinition is a new version.
 */
@Controller('api/ingestion/rules')
export class DefineMonitoringRuleController {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @Put(':ruleId')
  @Permission('ingestion.manage-sources', { orgUnitFrom: 'body.orgUnit' })
  async define(
    @Param('ruleId') id: string,
    @Body() body: unknown,
    @Auth() auth: AuthContext,
  ): Promise<{ ruleId: string; ruleVersion: number }> {
    const rule = ruleId.parse(id);
    const request = definition.parse(body);
    try {
      parseKeywordExpression(request.expression);
    } catch (error) {
      if (!(error instanceof RuleSyntaxError)) throw error;
      throw new BadRequestException({
        message: `the rule does not parse: ${error.message}`,
        errors: [{ path: 'expression', message: error.reason, position: error.position, token: error.token }],
      });
    }
    const stream = `ingestion-rule-${rule}`;
    const existing = await this.store.readStream(stream);
    const owner = existing[0]?.metadata.orgUnit;
    if (owner && owner !== request.orgUnit) {
      throw new DomainRuleError(
        'ingestion.rule-belongs-to-another-unit',
        `rule ${rule} belongs to ${owner}; choose another id`,
      );
    }
    const ruleVersion = existing.length + 1;
    const { orgUnit, ...fields } = request;
    await this.store.append(
      stream,
      [MonitoringRuleDefined.create({ ruleId: rule, ruleVersion, ...fields })],
      {
        expectedVersion: existing.length === 0 ? 'no_stream' : existing.length,
        metadata: { orgUnit, actor: actorOf(auth), correlationId: `${rule}@${ruleVersion}` },
      },
    );
    return { ruleId: rule, ruleVersion };
  }

  @Get()
  @Permission('ingestion.read-items', { orgUnitFrom: 'none' })
  async list(@Auth() auth: AuthContext): Promise<{ rules: unknown[] }> {
    const scope = scopeCondition(auth.scope, { column: 'org_unit' });
    const { rows } = await this.pool.query(
      `select rule_id as "ruleId", org_unit as "orgUnit", version, name, expression, platforms, active
         from ${this.store.schema}.rules where ${scope.sql} order by rule_id limit 500`,
      scope.params,
    );
    return { rules: rows };
  }
}
