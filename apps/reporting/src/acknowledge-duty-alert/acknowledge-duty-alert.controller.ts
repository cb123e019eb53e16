import { Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { AcknowledgeDutyAlert } from '@yuqing/contracts';
import type { CommandContext } from '@yuqing/service-kit';
import { AcknowledgeDutyAlertCommand, type AlertAcknowledged } from './acknowledge-duty-alert.command';

/**
 * POST /api/reporting/duty-alerts/{alertId}/acknowledgements: the monitor on duty signs for an alert (签收), which
 * stops its escalation; the head it escalated to may sign for it too.
 */
@Controller('api/reporting/duty-alerts/:alertId/acknowledgements')
export class AcknowledgeDutyAlertController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @CommandRoute('POST', '', 'reporting.acknowledge-alert', {
    orgUnitFrom: { resolver: 'duty-alert', from: 'params.alertId' },
  })
  acknowledge(@Param('alertId') alertId: string, @Ctx() ctx: CommandContext): Promise<AlertAcknowledged> {
    return this.commands.execute(
      new AcknowledgeDutyAlertCommand(AcknowledgeDutyAlert.parse({ alertId }), ctx),
    );
  }
}
