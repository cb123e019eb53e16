import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { DomainRuleError, PublishRelease } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import type { ReleaseAnswer } from '../prepare-release/prepare-release.command';
import { PublishReleaseCommand, type PublishAnswer } from './publish-release.command';

/**
 * POST /api/guidance/responses/{incidentId}/releases/{releaseId}/publications: record that an approved release went
 * out, with its address and time. Publishing one without the approval its grade requires, or citing a superseded
 * wording, is refused (422) and the refusal is recorded (第二十一条, 第二十八条).
 */
@Controller('api/guidance/responses/:incidentId/releases/:releaseId')
export class PublishReleaseController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(PublishRelease, ['incidentId', 'releaseId'])
  @CommandRoute('POST', 'publications', 'guidance.publish-release', {
    orgUnitFrom: { resolver: 'response', from: 'params.incidentId' },
  })
  async publish(
    @Param('incidentId') incidentId: string,
    @Param('releaseId') releaseId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<ReleaseAnswer> {
    const payload = PublishRelease.parse({ ...(body as object), incidentId, releaseId });
    const answer: PublishAnswer = await this.commands.execute(new PublishReleaseCommand(payload, ctx));
    if ('refused' in answer)
      throw new DomainRuleError(answer.refused.rule, answer.refused.reason, answer.refused.field);
    return answer;
  }
}
