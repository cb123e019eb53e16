import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { ConfirmFinding } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import type { FindingAnswer } from '../findings-answer';
import { ConfirmFindingCommand } from './confirm-finding.command';

/** POST /api/review/findings/{id}/confirmation: confirm a finding (认定), with the reason. */
@Controller('api/review/findings/:findingId')
export class ConfirmFindingController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(ConfirmFinding, ['findingId'])
  @CommandRoute('POST', 'confirmation', 'review.rule-findings', {
    orgUnitFrom: { resolver: 'finding', from: 'params.findingId' },
  })
  send(
    @Param('findingId') findingId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<FindingAnswer> {
    const payload = ConfirmFinding.parse({ ...(body as object), findingId });
    return this.commands.execute(new ConfirmFindingCommand(payload, ctx));
  }
}
