import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { PrepareRelease } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { PrepareReleaseCommand, type ReleaseAnswer } from './prepare-release.command';

/**
 * POST /api/guidance/responses/{incidentId}/releases: prepare a release (forum or 留言板 reply, news release, Weibo
 * or WeChat post, press statement, progress explanation) from one approved, current wording version.
 */
@Controller('api/guidance/responses/:incidentId')
export class PrepareReleaseController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(PrepareRelease, ['incidentId'])
  @CommandRoute('POST', 'releases', 'guidance.publish-release', {
    orgUnitFrom: { resolver: 'response', from: 'params.incidentId' },
  })
  prepare(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<ReleaseAnswer> {
    const payload = PrepareRelease.parse({ ...(body as object), incidentId });
    return this.commands.execute(new PrepareReleaseCommand(payload, ctx));
  }
}
