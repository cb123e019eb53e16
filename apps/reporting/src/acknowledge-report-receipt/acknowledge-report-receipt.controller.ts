import { Body, Controller, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { AcknowledgeReportReceipt } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import type { ReportOutcome } from '../incidents/report-on-incident';
import { AcknowledgeReportReceiptCommand } from './acknowledge-report-receipt.command';

/** POST /api/reporting/receipts: receipt of a report acknowledged (签收) for the receiving org unit. */
@Controller('api/reporting')
export class AcknowledgeReportReceiptController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(AcknowledgeReportReceipt)
  @CommandRoute('POST', 'receipts', 'reporting.acknowledge-report', {
    orgUnitFrom: { resolver: 'report-receipt', from: 'body.reportId' },
  })
  report(@Body() body: unknown, @Ctx() ctx: CommandContext): Promise<ReportOutcome> {
    return this.commands.execute(
      new AcknowledgeReportReceiptCommand(AcknowledgeReportReceipt.parse(body), ctx),
    );
  }
}
