import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { EscalateGrade } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { byIncident, type DecisionResult } from '../incidents/grading-incidents';
import { EscalateGradeCommand } from './escalate-grade.command';

/** POST …/escalations: the grading authority raises the grade in force (升级), naming the trigger and what caused it (e.g. 因处置不当，导致发展态势进一步扩大 with the missed deadline). */
@Controller('api/grading/incidents/:incidentId')
export class EscalateGradeController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(EscalateGrade, ['incidentId'])
  @CommandRoute('POST', 'escalations', 'grading.confirm-grade', byIncident)
  decide(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<DecisionResult> {
    return this.commands.execute(
      new EscalateGradeCommand(EscalateGrade.parse({ ...(body as object), incidentId }), ctx),
    );
  }
}
