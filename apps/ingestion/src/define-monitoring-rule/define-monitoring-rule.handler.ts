import { AlreadyExistsError, ingestionStreams, MonitoringRuleDefined } from '@yuqing/contracts';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { DefineMonitoringRuleCommand, type DefinedRule } from './define-monitoring-rule.command';

/**
 * A rule belongs to the unit that first defined it; each definition is its next version. Another unit's id is a
 * 409 that says only that the id is taken: neither the owner nor its rule is revealed.
 */
@HandlesCommand(DefineMonitoringRuleCommand)
export class DefineMonitoringRuleHandler implements CommandHandling<
  DefineMonitoringRuleCommand,
  DefinedRule
> {
  async handle(command: DefineMonitoringRuleCommand, tx: CommandTransaction): Promise<DefinedRule> {
    const { ruleId, orgUnit, ...fields } = command.payload;
    const stream = ingestionStreams.rule.id(ruleId);
    const existing = await tx.readStream(stream);
    const owner = existing[0]?.metadata.orgUnit;
    if (owner && owner !== orgUnit)
      throw new AlreadyExistsError(
        'ingestion.rule-id-taken',
        `rule id ${ruleId} is taken; choose another id`,
      );
    const ruleVersion = existing.length + 1;
    await tx.append(stream, [MonitoringRuleDefined.create({ ruleId, ruleVersion, ...fields })], {
      expectedVersion: existing.length === 0 ? 'no_stream' : existing.length,
      metadata: tx.metadata({ orgUnit }),
    });
    return { ruleId, ruleVersion };
  }
}
