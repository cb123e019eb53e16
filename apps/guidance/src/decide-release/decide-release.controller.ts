import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Auth, CommandRoute, Ctx, type AuthContext } from '@yuqing/auth';
import { DecideRelease } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import type { ReleaseAnswer } from '../prepare-release/prepare-release.command';
import { approverOf } from './approver';
import { DecideReleaseCommand } from './decide-release.command';

/**
 * POST /api/guidance/responses/{incidentId}/releases/{releaseId}/decisions: approve or refuse a release as the role
 * its grade requires (一级 special team or publicity department, 二级 leading-group office, 三级 the supervising
 * leader or the city bureau department the plan names). The guard checks the permission by role (`none`), since
 * the approver may sit outside the incident's unit (the special team, the city bureau); the domain answers 403
 * to anyone the grade does not name, and appends nothing.
 */
@Controller('api/guidance/responses/:incidentId/releases/:releaseId')
export class DecideReleaseController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(DecideRelease, ['incidentId', 'releaseId'])
  @CommandRoute('POST', 'decisions', 'guidance.approve-release', { orgUnitFrom: 'none' })
  decide(
    @Param('incidentId') incidentId: string,
    @Param('releaseId') releaseId: string,
    @Body() body: unknown,
    @Auth() auth: AuthContext,
    @Ctx() ctx: CommandContext,
  ): Promise<ReleaseAnswer> {
    const payload = DecideRelease.parse({ ...(body as object), incidentId, releaseId });
    return this.commands.execute(new DecideReleaseCommand(payload, ctx, approverOf(auth)));
  }
}
