import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { FormSpecialTeam } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { byIncident, type DecisionResult } from '../incidents/grading-incidents';
import { FormSpecialTeamCommand } from './form-special-team.command';

/** POST …/special-teams: a special team (处置专班) for a level-1 incident; it approves the incident's releases. */
@Controller('api/grading/incidents/:incidentId')
export class FormSpecialTeamController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(FormSpecialTeam, ['incidentId'])
  @CommandRoute('POST', 'special-teams', 'grading.form-special-team', byIncident)
  decide(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<DecisionResult> {
    return this.commands.execute(
      new FormSpecialTeamCommand(FormSpecialTeam.parse({ ...(body as object), incidentId }), ctx),
    );
  }
}
