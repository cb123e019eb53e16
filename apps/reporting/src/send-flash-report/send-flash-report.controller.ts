import { Body, Controller, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { SendFlashReport } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import type { ReportOutcome } from '../incidents/report-on-incident';
import { SendFlashReportCommand } from './send-flash-report.command';

/** POST /api/reporting/flash-reports: a flash report (快报) made by phone, SMS or on paper for a 一级 incident. */
@Controller('api/reporting')
export class SendFlashReportController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(SendFlashReport)
  @CommandRoute('POST', 'flash-reports', 'reporting.send-report', {
    orgUnitFrom: { resolver: 'obligation', from: 'body.obligationId' },
  })
  report(@Body() body: unknown, @Ctx() ctx: CommandContext): Promise<ReportOutcome> {
    return this.commands.execute(new SendFlashReportCommand(SendFlashReport.parse(body), ctx));
  }
}
