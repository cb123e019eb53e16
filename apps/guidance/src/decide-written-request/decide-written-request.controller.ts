import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { DecideWrittenRequest } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import {
  DecideWrittenRequestCommand,
  type DecideWrittenRequestResult,
} from './decide-written-request.command';

/** POST /api/guidance/requests/{id}/decisions: the addressed unit approves or refuses (with the reason). */
@Controller('api/guidance/requests/:requestId')
export class DecideWrittenRequestController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  // The guard checks the caller's scope against the addressed unit; the decider also checks the role.
  @RequestBody(DecideWrittenRequest, ['requestId'])
  @CommandRoute('POST', 'decisions', 'guidance.decide-request', {
    orgUnitFrom: { resolver: 'writtenRequestApprover', from: 'params.requestId' },
  })
  decide(
    @Param('requestId') requestId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<DecideWrittenRequestResult> {
    const payload = DecideWrittenRequest.parse({ ...(body as object), requestId });
    return this.commands.execute(new DecideWrittenRequestCommand(payload, ctx));
  }
}
