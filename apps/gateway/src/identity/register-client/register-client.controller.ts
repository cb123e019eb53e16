import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Permission } from '@yuqing/auth';
import { RegisterClient } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { RegisterClientCommand, type RegisteredClient } from './register-client.command';

/** Machine clients (integrators): registered with scopes; the secret is shown once and stored only as a hash. */
@Controller('api/identity/clients')
export class RegisterClientController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(RegisterClient)
  @Post()
  @HttpCode(201)
  @Permission('identity.manage-clients', { orgUnitFrom: 'body.orgUnit' })
  register(@Body() body: unknown, @Ctx() ctx: CommandContext): Promise<RegisteredClient> {
    return this.commands.execute(new RegisterClientCommand(RegisterClient.parse(body), ctx));
  }
}
