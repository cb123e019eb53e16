import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Auth, CommandRoute, Ctx, type AuthContext } from '@yuqing/auth';
import { DraftWording } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { DraftWordingCommand, type WordingAnswer } from './draft-wording.command';
import { drafterOf } from './drafter';

/**
 * POST /api/guidance/responses/{incidentId}/wordings: draft the wording (口径) of the incident, or revise one (with
 * `wordingId`): each revision is a new version, every version kept. The guard checks the permission in the
 * incident's unit; the domain admits only the drafter roles the response plan names (403 otherwise).
 */
@Controller('api/guidance/responses/:incidentId')
export class DraftWordingController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(DraftWording, ['incidentId'])
  @CommandRoute('POST', 'wordings', 'guidance.draft-wording', {
    orgUnitFrom: { resolver: 'response', from: 'params.incidentId' },
  })
  draft(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Auth() auth: AuthContext,
    @Ctx() ctx: CommandContext,
  ): Promise<WordingAnswer> {
    const payload = DraftWording.parse({ ...(body as object), incidentId });
    return this.commands.execute(new DraftWordingCommand(payload, ctx, drafterOf(auth)));
  }
}
