import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { AppealFinding } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import type { FindingAnswer } from '../findings-answer';
import { AppealFindingCommand } from './appeal-finding.command';

/** POST /api/review/findings/{id}/appeal: the department appeals a confirmed finding of its own. */
@Controller('api/review/findings/:findingId')
export class AppealFindingController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(AppealFinding, ['findingId'])
  @CommandRoute('POST', 'appeal', 'review.answer-findings', {
    orgUnitFrom: { resolver: 'finding', from: 'params.findingId' },
  })
  send(
    @Param('findingId') findingId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<FindingAnswer> {
    const payload = AppealFinding.parse({ ...(body as object), findingId });
    return this.commands.execute(new AppealFindingCommand(payload, ctx));
  }
}
