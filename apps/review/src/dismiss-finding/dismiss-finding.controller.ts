import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { DismissFinding } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import type { FindingAnswer } from '../findings-answer';
import { DismissFindingCommand } from './dismiss-finding.command';

/** POST /api/review/findings/{id}/dismissal: dismiss a finding (不予认定), with the reason. */
@Controller('api/review/findings/:findingId')
export class DismissFindingController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(DismissFinding, ['findingId'])
  @CommandRoute('POST', 'dismissal', 'review.rule-findings', {
    orgUnitFrom: { resolver: 'finding', from: 'params.findingId' },
  })
  send(
    @Param('findingId') findingId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<FindingAnswer> {
    const payload = DismissFinding.parse({ ...(body as object), findingId });
    return this.commands.execute(new DismissFindingCommand(payload, ctx));
  }
}
