import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Permission } from '@yuqing/auth';
import { GrantRole } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { GrantRoleCommand, type GrantedRole } from './grant-role.command';

/** Grant a user a role in a unit of your scope. */
@Controller('api/identity')
export class GrantRoleController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(GrantRole, ['userId'])
  @Post('users/:userId/grants')
  @HttpCode(201)
  @Permission('identity.grant-roles', { orgUnitFrom: 'body.orgUnit' })
  grant(
    @Param('userId') userId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<GrantedRole> {
    return this.commands.execute(new GrantRoleCommand(GrantRole.parse({ ...(body as object), userId }), ctx));
  }
}
