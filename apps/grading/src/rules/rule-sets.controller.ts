import { Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import { Permission } from '@yuqing/auth';
import type { GradingRuleSet } from '@yuqing/grading-domain';
import { RULE_SET } from '../grading.tokens';
import { RuleSetsReadModel } from './rule-sets.read-model';

/**
 * The rule sets grading has decided by. Every proposal names its version; here is what that version said, so a
 * decision can be explained and re-checked against the rules that made it.
 */
@Controller('api/grading/rule-sets')
export class RuleSetsController {
  constructor(
    @Inject(RuleSetsReadModel) private readonly ruleSets: RuleSetsReadModel,
    @Inject(RULE_SET) private readonly inForce: GradingRuleSet,
  ) {}

  @Get()
  @Permission('grading.read-incidents', { orgUnitFrom: 'none' })
  async list(): Promise<{ inForce: string; ruleSets: unknown[] }> {
    return { inForce: this.inForce.version, ruleSets: await this.ruleSets.list() };
  }

  @Get(':version')
  @Permission('grading.read-incidents', { orgUnitFrom: 'none' })
  async one(@Param('version') version: string): Promise<unknown> {
    const ruleSet = await this.ruleSets.one(version);
    if (!ruleSet) throw new NotFoundException(`rule set ${version} not found`);
    return { version, inForce: version === this.inForce.version, ...ruleSet };
  }
}
