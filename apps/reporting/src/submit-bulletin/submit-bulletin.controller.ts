import { Body, Controller, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { SubmitBulletin } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import type { ReportOutcome } from '../incidents/report-on-incident';
import { SubmitBulletinCommand } from './submit-bulletin.command';

/** POST /api/reporting/bulletins: a 《网上舆情》 bulletin submitted for a 二级 incident (第十四条). */
@Controller('api/reporting')
export class SubmitBulletinController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(SubmitBulletin)
  @CommandRoute('POST', 'bulletins', 'reporting.send-report', {
    orgUnitFrom: { resolver: 'obligation', from: 'body.obligationId' },
  })
  report(@Body() body: unknown, @Ctx() ctx: CommandContext): Promise<ReportOutcome> {
    return this.commands.execute(new SubmitBulletinCommand(SubmitBulletin.parse(body), ctx));
  }
}
