import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Permission } from '@yuqing/auth';
import { SplitIncident } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { SplitIncidentCommand, type SplitResult } from './split-incident.command';

/**
 * 拆分: a monitor splits items off this incident into a new one. Answers 201 with every incident written and its
 * new version (If-Match names this incident's); an Idempotency-Key makes a retry safe.
 */
@Controller('api/ingestion')
export class SplitIncidentController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(SplitIncident)
  @Post('incidents/:incidentId/splits')
  @HttpCode(201)
  @Permission('ingestion.correct-clustering', {
    orgUnitFrom: { resolver: 'incident', from: 'params.incidentId' },
  })
  split(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<SplitResult> {
    return this.commands.execute(new SplitIncidentCommand({ ...SplitIncident.parse(body), incidentId }, ctx));
  }
}
