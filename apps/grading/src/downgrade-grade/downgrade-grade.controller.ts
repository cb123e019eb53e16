import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { DowngradeGrade } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { byIncident, type DecisionResult } from '../incidents/grading-incidents';
import { DowngradeGradeCommand } from './downgrade-grade.command';

/** POST …/downgrades: the grading authority lowers the grade in force (降级), with the reason and what it rests on. */
@Controller('api/grading/incidents/:incidentId')
export class DowngradeGradeController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(DowngradeGrade, ['incidentId'])
  @CommandRoute('POST', 'downgrades', 'grading.confirm-grade', byIncident)
  decide(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<DecisionResult> {
    return this.commands.execute(
      new DowngradeGradeCommand(DowngradeGrade.parse({ ...(body as object), incidentId }), ctx),
    );
  }
}
