import { Body, Controller, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { ReportHandlingResult } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import type { ReportOutcome } from '../incidents/report-on-incident';
import { ReportHandlingResultCommand } from './report-handling-result.command';

/** POST /api/reporting/handling-results: a 三级 handling result reported back (回告), with where it was posted. */
@Controller('api/reporting')
export class ReportHandlingResultController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(ReportHandlingResult)
  @CommandRoute('POST', 'handling-results', 'reporting.send-report', {
    orgUnitFrom: { resolver: 'obligation', from: 'body.obligationId' },
  })
  report(@Body() body: unknown, @Ctx() ctx: CommandContext): Promise<ReportOutcome> {
    return this.commands.execute(new ReportHandlingResultCommand(ReportHandlingResult.parse(body), ctx));
  }
}
