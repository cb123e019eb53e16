import { DefineMonitoringRule } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

export interface DefinedRule {
  readonly ruleId: string;
  readonly ruleVersion: number;
}

export class DefineMonitoringRuleCommand extends DomainCommand<typeof DefineMonitoringRule, DefinedRule>(
  DefineMonitoringRule,
) {}
