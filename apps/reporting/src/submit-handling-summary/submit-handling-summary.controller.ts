import { Body, Controller, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { SubmitHandlingSummary } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { SubmitHandlingSummaryCommand, type SummarySubmitted } from './submit-handling-summary.command';

/**
 * POST /api/reporting/handling-summaries: the summary of how an incident was handled (处置情况总结, 篇一 二(二)),
 * meeting the obligation its completion opened; for 一级 and 二级 with all four parts (a missing one: 422 naming it).
 */
@Controller('api/reporting')
export class SubmitHandlingSummaryController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(SubmitHandlingSummary)
  @CommandRoute('POST', 'handling-summaries', 'reporting.send-report', {
    orgUnitFrom: { resolver: 'obligation', from: 'body.obligationId' },
  })
  submit(@Body() body: unknown, @Ctx() ctx: CommandContext): Promise<SummarySubmitted> {
    return this.commands.execute(new SubmitHandlingSummaryCommand(SubmitHandlingSummary.parse(body), ctx));
  }
}
