import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Permission } from '@yuqing/auth';
import { RevokeGrant } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { RevokeGrantCommand } from './revoke-grant.command';

/** Revoke a grant held in a unit of your scope; every service stops honouring it. */
@Controller('api/identity')
export class RevokeGrantController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(RevokeGrant, ['grantId'])
  @Post('grants/:grantId/revocations')
  @HttpCode(204)
  @Permission('identity.grant-roles', { orgUnitFrom: { resolver: 'identity.grant', from: 'params.grantId' } })
  async revoke(
    @Param('grantId') grantId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<void> {
    const payload = RevokeGrant.parse({ ...(body as object), grantId });
    await this.commands.execute(new RevokeGrantCommand(payload, ctx));
  }
}
