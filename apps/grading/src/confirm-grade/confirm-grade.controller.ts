import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { ConfirmGrade } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { byIncident, type DecisionResult } from '../incidents/grading-incidents';
import { ConfirmGradeCommand } from './confirm-grade.command';

/** POST …/grade-confirmations: the grading authority (定级机关, 第四条) confirms the open proposal; the grade must be the one proposed. */
@Controller('api/grading/incidents/:incidentId')
export class ConfirmGradeController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(ConfirmGrade, ['incidentId'])
  @CommandRoute('POST', 'grade-confirmations', 'grading.confirm-grade', byIncident)
  decide(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<DecisionResult> {
    return this.commands.execute(
      new ConfirmGradeCommand(ConfirmGrade.parse({ ...(body as object), incidentId }), ctx),
    );
  }
}
