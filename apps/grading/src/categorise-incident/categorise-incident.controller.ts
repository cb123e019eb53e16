import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { CategoriseIncident } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { byIncident, type DecisionResult } from '../incidents/grading-incidents';
import { CategoriseIncidentCommand } from './categorise-incident.command';

/** POST …/categorisations: categorise the incident (分类, 篇一 二(三)); the rules are read again at once (重大民生诉求). */
@Controller('api/grading/incidents/:incidentId')
export class CategoriseIncidentController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(CategoriseIncident, ['incidentId'])
  @CommandRoute('POST', 'categorisations', 'grading.categorise-incident', byIncident)
  decide(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<DecisionResult> {
    return this.commands.execute(
      new CategoriseIncidentCommand(CategoriseIncident.parse({ ...(body as object), incidentId }), ctx),
    );
  }
}
