import { Body, Controller, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { OpenResponse } from '@yuqing/contracts';
import type { CommandContext } from '@yuqing/service-kit';
import { OpenResponseCommand, type OpenResponseResult } from './open-response.command';

/** POST /api/guidance/responses: open a response in a unit of your scope. */
@Controller('api/guidance/responses')
export class OpenResponseController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @CommandRoute('POST', '', 'guidance.arrange-response', { orgUnitFrom: 'body.orgUnit' })
  open(@Body() body: unknown, @Ctx() ctx: CommandContext): Promise<OpenResponseResult> {
    return this.commands.execute(new OpenResponseCommand(OpenResponse.parse(body), ctx));
  }
}
