import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { JudgeGenuineness } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { byIncident, type DecisionResult } from '../incidents/grading-incidents';
import { JudgeGenuinenessCommand } from './judge-genuineness.command';

/** POST …/genuineness-judgements: genuine opinion or 伪舆情 (篇二 四(四)1), with the basis of the judgement. */
@Controller('api/grading/incidents/:incidentId')
export class JudgeGenuinenessController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(JudgeGenuineness, ['incidentId'])
  @CommandRoute('POST', 'genuineness-judgements', 'grading.judge-genuineness', byIncident)
  decide(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<DecisionResult> {
    return this.commands.execute(
      new JudgeGenuinenessCommand(JudgeGenuineness.parse({ ...(body as object), incidentId }), ctx),
    );
  }
}
