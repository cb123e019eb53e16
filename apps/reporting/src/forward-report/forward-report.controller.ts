import { Body, Controller, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { ForwardReport } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import type { ReportOutcome } from '../incidents/report-on-incident';
import { ForwardReportCommand } from './forward-report.command';

/** POST /api/reporting/forwards: a report forwarded (转报) up the chain, or to a 督办室. */
@Controller('api/reporting')
export class ForwardReportController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(ForwardReport)
  @CommandRoute('POST', 'forwards', 'reporting.send-report', {
    orgUnitFrom: { resolver: 'report-holder', from: 'body.reportId' },
  })
  report(@Body() body: unknown, @Ctx() ctx: CommandContext): Promise<ReportOutcome> {
    return this.commands.execute(new ForwardReportCommand(ForwardReport.parse(body), ctx));
  }
}
