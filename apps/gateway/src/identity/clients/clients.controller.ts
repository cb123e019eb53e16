import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { Auth, isPermission, Permission, roleMay, type AuthContext } from '@yuqing/auth';
import { IdentityCommands } from '../identity-commands';
import { commandMetadata } from '../request-metadata';

const registerClientBody = z.strictObject({
  clientId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/)
    .min(3)
    .max(64),
  name: z.string().trim().min(1).max(100),
  orgUnit: z.string().min(1).max(200),
  scopes: z
    .array(
      z
        .string()
        .refine(
          (s) => isPermission(s) && roleMay('integrator', s),
          'is not a permission an integrator may hold',
        ),
    )
    .min(1)
    .max(50),
});

/** Machine clients (integrators): registered with scopes; the secret is shown once and stored only as a hash. */
@Controller('api/identity/clients')
export class ClientsController {
  constructor(@Inject(IdentityCommands) private readonly commands: IdentityCommands) {}

  @Post()
  @HttpCode(201)
  @Permission('identity.manage-clients', { orgUnitFrom: 'body.orgUnit' })
  async register(
    @Auth() auth: AuthContext,
    @Body() body: unknown,
    @Req() request: Request,
  ): Promise<{ clientId: string; clientSecret: string; grantId: string }> {
    const input = registerClientBody.parse(body);
    return this.commands.registerClient(input, commandMetadata(auth, input.orgUnit, request));
  }
}
