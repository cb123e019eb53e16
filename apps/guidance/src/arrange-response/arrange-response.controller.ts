import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { ArrangeResponse } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { ArrangeResponseCommand, type ResponseAnswer } from './arrange-response.command';

/**
 * POST /api/guidance/responses/{incidentId}/arrangements: the office arranges the response by hand (三同步) where no
 * handling plan arrived, or changes drafter, channels and deadline. Checked in the unit the body names; the domain
 * refuses a unit other than the incident's.
 */
@Controller('api/guidance/responses/:incidentId')
export class ArrangeResponseController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(ArrangeResponse, ['incidentId'])
  @CommandRoute('POST', 'arrangements', 'guidance.arrange-response', { orgUnitFrom: 'body.orgUnit' })
  arrange(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<ResponseAnswer> {
    const payload = ArrangeResponse.parse({ ...(body as object), incidentId });
    return this.commands.execute(new ArrangeResponseCommand(payload, ctx));
  }
}
