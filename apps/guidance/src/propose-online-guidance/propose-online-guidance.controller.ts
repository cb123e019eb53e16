import { Body, Controller, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { ProposeOnlineGuidance } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import {
  ProposeOnlineGuidanceCommand,
  type ProposeOnlineGuidanceResult,
} from './propose-online-guidance.command';

/** POST /api/guidance/online-guidance: a unit of your scope proposes guidance wording (引导口径) to the city bureau. */
@Controller('api/guidance/online-guidance')
export class ProposeOnlineGuidanceController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(ProposeOnlineGuidance)
  @CommandRoute('POST', '', 'guidance.propose-online-guidance', { orgUnitFrom: 'body.orgUnit' })
  propose(@Body() body: unknown, @Ctx() ctx: CommandContext): Promise<ProposeOnlineGuidanceResult> {
    return this.commands.execute(new ProposeOnlineGuidanceCommand(ProposeOnlineGuidance.parse(body), ctx));
  }
}
