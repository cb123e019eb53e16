import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { DeclareHandlingCompleted } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import {
  DeclareHandlingCompletedCommand,
  type HandlingDeclaredComplete,
} from './declare-handling-completed.command';

/**
 * POST /api/reporting/incidents/{incidentId}/handling-completions: the incident's unit (its opinion administrator,
 * spokesperson or leaders) declares the handling complete (处置完毕); the handling summary is owed from then.
 */
@Controller('api/reporting/incidents/:incidentId/handling-completions')
export class DeclareHandlingCompletedController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(DeclareHandlingCompleted, ['incidentId'])
  @CommandRoute('POST', '', 'reporting.send-report', {
    orgUnitFrom: { resolver: 'incident', from: 'params.incidentId' },
  })
  declare(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<HandlingDeclaredComplete> {
    return this.commands.execute(
      new DeclareHandlingCompletedCommand(
        DeclareHandlingCompleted.parse({ ...(body as object), incidentId }),
        ctx,
      ),
    );
  }
}
