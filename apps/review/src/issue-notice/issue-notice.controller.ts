import { Body, Controller, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { IssueNotice } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { IssueNoticeCommand, type IssueNoticeResult } from './issue-notice.command';

/** POST /api/review/notices: issue the 通报 of a period's confirmed findings under a unit. */
@Controller('api/review/notices')
export class IssueNoticeController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(IssueNotice)
  @CommandRoute('POST', '', 'review.issue-notices', { orgUnitFrom: 'body.orgUnit' })
  issue(@Body() body: unknown, @Ctx() ctx: CommandContext): Promise<IssueNoticeResult> {
    return this.commands.execute(new IssueNoticeCommand(IssueNotice.parse(body), ctx));
  }
}
