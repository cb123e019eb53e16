import { BadRequestException, Body, Controller, Inject, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Permission } from '@yuqing/auth';
import { DefineMonitoringRule } from '@yuqing/contracts';
import { parseKeywordExpression, RuleSyntaxError } from '@yuqing/ingestion-domain';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { DefineMonitoringRuleCommand, type DefinedRule } from './define-monitoring-rule.command';

const { ruleId: ruleIdSchema } = DefineMonitoringRule.schema.shape;
const definition = DefineMonitoringRule.schema.omit({ ruleId: true }).strict();

/**
 * PUT /api/ingestion/rules/{ruleId}: defines or redefines a monitoring rule (监测规则). A rule that does not
 * parse is refused with the position and token at fault; each redefinition is a new version. The list is
 * `read-models/rules/`.
 */
@Controller('api/ingestion/rules')
export class DefineMonitoringRuleController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody({ schema: definition })
  @Put(':ruleId')
  @Permission('ingestion.manage-sources', { orgUnitFrom: 'body.orgUnit' })
  define(
    @Param('ruleId') id: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<DefinedRule> {
    const ruleId = ruleIdSchema.parse(id);
    const request = definition.parse(body);
    parses(request.expression);
    return this.commands.execute(new DefineMonitoringRuleCommand({ ruleId, ...request }, ctx));
  }
}

/** The expression as the body's field: a 400 with the position and token at fault. */
function parses(expression: string): void {
  try {
    parseKeywordExpression(expression);
  } catch (error) {
    if (!(error instanceof RuleSyntaxError)) throw error;
    throw new BadRequestException({
      message: `the rule does not parse: ${error.message}`,
      errors: [{ path: 'expression', message: error.reason, position: error.position, token: error.token }],
    });
  }
}
