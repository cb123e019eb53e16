import { Body, Controller, HttpCode, Inject, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Permission } from '@yuqing/auth';
import { ChangeUserProfile } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { ChangeUserProfileCommand } from './change-user-profile.command';

/** Set the name and post (职务) a user of your scope is called by in what they sign or send. */
@Controller('api/identity')
export class ChangeUserProfileController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(ChangeUserProfile, ['userId'])
  @Put('users/:userId/profile')
  @HttpCode(204)
  @Permission('identity.manage-users', { orgUnitFrom: { resolver: 'identity.user', from: 'params.userId' } })
  async change(
    @Param('userId') userId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<void> {
    const payload = ChangeUserProfile.parse({ ...(body as object), userId });
    await this.commands.execute(new ChangeUserProfileCommand(payload, ctx));
  }
}
