import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { AdoptHandlingPlan } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { byIncident, type DecisionResult } from '../incidents/grading-incidents';
import { AdoptHandlingPlanCommand } from './adopt-handling-plan.command';

/** POST …/handling-plans: the handling plan (处置方案) adopted, with who approves releases (第二十一条). */
@Controller('api/grading/incidents/:incidentId')
export class AdoptHandlingPlanController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(AdoptHandlingPlan, ['incidentId'])
  @CommandRoute('POST', 'handling-plans', 'grading.conduct-assessment', byIncident)
  decide(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<DecisionResult> {
    return this.commands.execute(
      new AdoptHandlingPlanCommand(AdoptHandlingPlan.parse({ ...(body as object), incidentId }), ctx),
    );
  }
}
