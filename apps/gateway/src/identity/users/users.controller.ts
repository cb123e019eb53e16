import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { Auth, Permission, ROLE_NAMES, type AuthContext } from '@yuqing/auth';
import { Directory, type UserView } from '../directory';
import { IdentityCommands } from '../identity-commands';
import { commandMetadata } from '../request-metadata';

const password = z.string().min(12, 'at least 12 characters').max(200);

const registerUserBody = z.strictObject({
  username: z
    .string()
    .min(3)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, . _ -'),
  displayName: z.string().trim().min(1).max(100),
  orgUnit: z.string().min(1).max(200),
  password: password.optional(),
});
const changePasswordBody = z.strictObject({ password });
const grantRoleBody = z.strictObject({
  role: z.enum(ROLE_NAMES as [string, ...string[]]),
  orgUnit: z.string().min(1).max(200),
});
const revokeGrantBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });

/** Users, their passwords and their grants. */
@Controller('api/identity')
export class UsersController {
  constructor(
    @Inject(Directory) private readonly directory: Directory,
    @Inject(IdentityCommands) private readonly commands: IdentityCommands,
  ) {}

  @Get('users')
  @Permission('identity.read-users', { orgUnitFrom: 'query.orgUnit', optional: true })
  async list(@Auth() auth: AuthContext, @Query('orgUnit') orgUnit?: string): Promise<{ items: UserView[] }> {
    return { items: await this.directory.users(auth.scope, orgUnit) };
  }

  @Post('users')
  @HttpCode(201)
  @Permission('identity.manage-users', { orgUnitFrom: 'body.orgUnit' })
  async register(
    @Auth() auth: AuthContext,
    @Body() body: unknown,
    @Req() request: Request,
  ): Promise<{ userId: string }> {
    const input = registerUserBody.parse(body);
    return { userId: await this.commands.registerUser(input, commandMetadata(auth, input.orgUnit, request)) };
  }

  @Put('users/:userId/password')
  @HttpCode(204)
  @Permission('identity.manage-users', { orgUnitFrom: { resolver: 'identity.user', from: 'params.userId' } })
  async changePassword(
    @Auth() auth: AuthContext,
    @Param('userId') userId: string,
    @Body() body: unknown,
    @Req() request: Request,
  ): Promise<void> {
    const input = changePasswordBody.parse(body);
    await this.commands.changePassword(userId, input.password, commandMetadata(auth, auth.orgUnit!, request));
  }

  @Post('users/:userId/grants')
  @HttpCode(201)
  @Permission('identity.grant-roles', { orgUnitFrom: 'body.orgUnit' })
  async grant(
    @Auth() auth: AuthContext,
    @Param('userId') userId: string,
    @Body() body: unknown,
    @Req() request: Request,
  ): Promise<{ grantId: string }> {
    const input = grantRoleBody.parse(body);
    const grantId = await this.commands.grantRole(
      userId,
      input.role as (typeof ROLE_NAMES)[number],
      input.orgUnit,
      commandMetadata(auth, input.orgUnit, request),
    );
    return { grantId };
  }

  @Post('grants/:grantId/revocations')
  @HttpCode(204)
  @Permission('identity.grant-roles', { orgUnitFrom: { resolver: 'identity.grant', from: 'params.grantId' } })
  async revoke(
    @Auth() auth: AuthContext,
    @Param('grantId') grantId: string,
    @Body() body: unknown,
    @Req() request: Request,
  ): Promise<void> {
    const input = revokeGrantBody.parse(body);
    await this.commands.revokeGrant(grantId, input.reason, commandMetadata(auth, auth.orgUnit!, request));
  }
}
