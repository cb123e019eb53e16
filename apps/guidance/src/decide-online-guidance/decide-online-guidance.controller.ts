import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { DecideOnlineGuidance } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import {
  DecideOnlineGuidanceCommand,
  type DecideOnlineGuidanceResult,
} from './decide-online-guidance.command';

/** POST /api/guidance/online-guidance/{id}/decisions: the city internet office approves (tasking commentators) or refuses. */
@Controller('api/guidance/online-guidance/:proposalId')
export class DecideOnlineGuidanceController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(DecideOnlineGuidance, ['proposalId'])
  @CommandRoute('POST', 'decisions', 'guidance.direct-commentators', {
    orgUnitFrom: { resolver: 'onlineGuidanceApprover', from: 'params.proposalId' },
  })
  decide(
    @Param('proposalId') proposalId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<DecideOnlineGuidanceResult> {
    const payload = DecideOnlineGuidance.parse({ ...(body as object), proposalId });
    return this.commands.execute(new DecideOnlineGuidanceCommand(payload, ctx));
  }
}
