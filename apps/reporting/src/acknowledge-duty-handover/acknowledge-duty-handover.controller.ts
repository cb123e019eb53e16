import { Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { AcknowledgeDutyHandover } from '@yuqing/contracts';
import type { CommandContext } from '@yuqing/service-kit';
import {
  AcknowledgeDutyHandoverCommand,
  type HandoverAcknowledged,
} from './acknowledge-duty-handover.command';

/** POST /api/reporting/duty/{orgUnitId}/handovers/{toShiftId}/acknowledgements: the incoming monitor 接班确认. */
@Controller('api/reporting/duty/:orgUnitId/handovers/:toShiftId/acknowledgements')
export class AcknowledgeDutyHandoverController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @CommandRoute('POST', '', 'reporting.acknowledge-alert', { orgUnitFrom: 'params.orgUnitId' })
  acknowledge(
    @Param('orgUnitId') orgUnitId: string,
    @Param('toShiftId') toShiftId: string,
    @Ctx() ctx: CommandContext,
  ): Promise<HandoverAcknowledged> {
    return this.commands.execute(
      new AcknowledgeDutyHandoverCommand(AcknowledgeDutyHandover.parse({ orgUnitId, toShiftId }), ctx),
    );
  }
}
