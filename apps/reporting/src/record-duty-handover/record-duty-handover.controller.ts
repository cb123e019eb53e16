import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { RecordDutyHandover } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { RecordDutyHandoverCommand, type HandoverRecorded } from './record-duty-handover.command';

/** POST /api/reporting/duty/{orgUnitId}/handovers: the outgoing monitor records the handover (交接班). */
@Controller('api/reporting/duty/:orgUnitId/handovers')
export class RecordDutyHandoverController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(RecordDutyHandover, ['orgUnitId'])
  @CommandRoute('POST', '', 'reporting.acknowledge-alert', { orgUnitFrom: 'params.orgUnitId' })
  record(
    @Param('orgUnitId') orgUnitId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<HandoverRecorded> {
    return this.commands.execute(
      new RecordDutyHandoverCommand(RecordDutyHandover.parse({ ...(body as object), orgUnitId }), ctx),
    );
  }
}
