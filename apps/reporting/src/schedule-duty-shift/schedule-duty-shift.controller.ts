import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { ScheduleDutyShift } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { ScheduleDutyShiftCommand, type ShiftScheduled } from './schedule-duty-shift.command';

/**
 * POST /api/reporting/duty/{orgUnitId}/shifts: the unit's internet office (or opinion admin) puts a shift on its
 * 24-hour duty roster (排班): the monitor(s) on duty and the head an unacknowledged alert escalates to.
 */
@Controller('api/reporting/duty/:orgUnitId/shifts')
export class ScheduleDutyShiftController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(ScheduleDutyShift, ['orgUnitId'])
  @CommandRoute('POST', '', 'reporting.manage-duty', { orgUnitFrom: 'params.orgUnitId' })
  schedule(
    @Param('orgUnitId') orgUnitId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<ShiftScheduled> {
    return this.commands.execute(
      new ScheduleDutyShiftCommand(ScheduleDutyShift.parse({ ...(body as object), orgUnitId }), ctx),
    );
  }
}
