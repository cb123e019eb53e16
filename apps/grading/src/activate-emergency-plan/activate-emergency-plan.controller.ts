import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { ActivateEmergencyPlan } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { byIncident, type DecisionResult } from '../incidents/grading-incidents';
import { ActivateEmergencyPlanCommand } from './activate-emergency-plan.command';

/** POST …/emergency-plan-activations: an emergency plan (应急预案) activated for the incident. */
@Controller('api/grading/incidents/:incidentId')
export class ActivateEmergencyPlanController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(ActivateEmergencyPlan, ['incidentId'])
  @CommandRoute('POST', 'emergency-plan-activations', 'grading.conduct-assessment', byIncident)
  decide(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<DecisionResult> {
    return this.commands.execute(
      new ActivateEmergencyPlanCommand(ActivateEmergencyPlan.parse({ ...(body as object), incidentId }), ctx),
    );
  }
}
