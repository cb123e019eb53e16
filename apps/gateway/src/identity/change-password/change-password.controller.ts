import { Body, Controller, HttpCode, Inject, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Permission } from '@yuqing/auth';
import { ChangePassword } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { ChangePasswordCommand } from './change-password.command';

/** Set the password of a user of your scope. */
@Controller('api/identity')
export class ChangePasswordController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(ChangePassword, ['userId'])
  @Put('users/:userId/password')
  @HttpCode(204)
  @Permission('identity.manage-users', { orgUnitFrom: { resolver: 'identity.user', from: 'params.userId' } })
  async change(
    @Param('userId') userId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<void> {
    const payload = ChangePassword.parse({ ...(body as object), userId });
    await this.commands.execute(new ChangePasswordCommand(payload, ctx));
  }
}
