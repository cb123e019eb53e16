import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Permission } from '@yuqing/auth';
import { MergeIncidents } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { MergeIncidentsCommand, type MergeResult } from './merge-incidents.command';

/**
 * 合并: a monitor merges another incident of the unit into this one. Answers 201 with every incident written and
 * its new version (If-Match names this incident's); an Idempotency-Key makes a retry safe.
 */
@Controller('api/ingestion')
export class MergeIncidentsController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(MergeIncidents)
  @Post('incidents/:incidentId/merges')
  @HttpCode(201)
  @Permission('ingestion.correct-clustering', {
    orgUnitFrom: { resolver: 'incident', from: 'params.incidentId' },
  })
  merge(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<MergeResult> {
    return this.commands.execute(
      new MergeIncidentsCommand({ ...MergeIncidents.parse(body), incidentId }, ctx),
    );
  }
}
