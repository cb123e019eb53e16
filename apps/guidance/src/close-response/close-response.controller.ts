import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { CloseResponse } from '@yuqing/contracts';
import type { CommandContext } from '@yuqing/service-kit';
import { CloseResponseCommand, type CloseResponseResult } from './close-response.command';

/** POST /api/guidance/responses/{id}/closures: close an open response, with the reason. */
@Controller('api/guidance/responses/:responseId')
export class CloseResponseController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @CommandRoute('POST', 'closures', 'guidance.arrange-response', {
    orgUnitFrom: { resolver: 'response', from: 'params.responseId' },
  })
  close(
    @Param('responseId') responseId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<CloseResponseResult> {
    const payload = CloseResponse.parse({ ...(body as object), responseId });
    return this.commands.execute(new CloseResponseCommand(payload, ctx));
  }
}
