import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Auth, CommandRoute, Ctx, type AuthContext } from '@yuqing/auth';
import { DecideWording } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import type { ResponseAnswer } from '../arrange-response/arrange-response.command';
import { approverOf } from '../decide-release/approver';
import { DecideWordingCommand } from './decide-wording.command';

/**
 * POST /api/guidance/responses/{incidentId}/wordings/{wordingId}/decisions: approve or refuse a wording version, as
 * the role the grade requires. The guard checks the permission by role only (`none`): the approver may sit above
 * the incident's unit, in the city bureau department the plan names, or on the special team (its own unit); the
 * domain decides who stands for the grade's approver, and answers 403 otherwise.
 */
@Controller('api/guidance/responses/:incidentId/wordings/:wordingId')
export class DecideWordingController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(DecideWording, ['incidentId', 'wordingId'])
  @CommandRoute('POST', 'decisions', 'guidance.approve-release', { orgUnitFrom: 'none' })
  decide(
    @Param('incidentId') incidentId: string,
    @Param('wordingId') wordingId: string,
    @Body() body: unknown,
    @Auth() auth: AuthContext,
    @Ctx() ctx: CommandContext,
  ): Promise<ResponseAnswer> {
    const payload = DecideWording.parse({ ...(body as object), incidentId, wordingId });
    return this.commands.execute(new DecideWordingCommand(payload, ctx, approverOf(auth)));
  }
}
