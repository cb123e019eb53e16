import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Permission } from '@yuqing/auth';
import { RegisterUser } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { RegisterUserCommand, type RegisteredUser } from './register-user.command';

/** Register a user in a unit of your scope. */
@Controller('api/identity')
export class RegisterUserController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(RegisterUser)
  @Post('users')
  @HttpCode(201)
  @Permission('identity.manage-users', { orgUnitFrom: 'body.orgUnit' })
  register(@Body() body: unknown, @Ctx() ctx: CommandContext): Promise<RegisteredUser> {
    return this.commands.execute(new RegisterUserCommand(RegisterUser.parse(body), ctx));
  }
}
