import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { DecideAppeal } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import type { FindingAnswer } from '../findings-answer';
import { DecideAppealCommand } from './decide-appeal.command';

/** POST /api/review/findings/{id}/appeal-decision: decide an appeal, with the reason. */
@Controller('api/review/findings/:findingId')
export class DecideAppealController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(DecideAppeal, ['findingId'])
  @CommandRoute('POST', 'appeal-decision', 'review.rule-findings', {
    orgUnitFrom: { resolver: 'finding', from: 'params.findingId' },
  })
  send(
    @Param('findingId') findingId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<FindingAnswer> {
    const payload = DecideAppeal.parse({ ...(body as object), findingId });
    return this.commands.execute(new DecideAppealCommand(payload, ctx));
  }
}
