import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { OverrideGrade } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { byIncident, type DecisionResult } from '../incidents/grading-incidents';
import { OverrideGradeCommand } from './override-grade.command';

/** POST …/grade-overrides: the grading authority sets another grade than proposed (改定级别), with the reason. */
@Controller('api/grading/incidents/:incidentId')
export class OverrideGradeController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(OverrideGrade, ['incidentId'])
  @CommandRoute('POST', 'grade-overrides', 'grading.confirm-grade', byIncident)
  decide(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<DecisionResult> {
    return this.commands.execute(
      new OverrideGradeCommand(OverrideGrade.parse({ ...(body as object), incidentId }), ctx),
    );
  }
}
