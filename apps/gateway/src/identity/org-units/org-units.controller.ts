import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { Auth, Permission, type AuthContext } from '@yuqing/auth';
import { ORG_UNIT_KIND_CODES } from '@yuqing/contracts';
import { Directory, type OrgUnitView } from '../directory';
import { IdentityCommands } from '../identity-commands';
import { commandMetadata } from '../request-metadata';

const createOrgUnitBody = z.strictObject({
  parent: z.string().min(1).max(200),
  segment: z
    .string()
    .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and inner hyphens')
    .max(40),
  kind: z.enum(ORG_UNIT_KIND_CODES),
  name: z.string().trim().min(1).max(100),
});

/** The org tree: add a unit under one in your scope; list the units you may see. */
@Controller('api/identity/org-units')
export class OrgUnitsController {
  constructor(
    @Inject(Directory) private readonly directory: Directory,
    @Inject(IdentityCommands) private readonly commands: IdentityCommands,
  ) {}

  @Get()
  @Permission('identity.read-org-tree', { orgUnitFrom: 'query.under', optional: true })
  async list(@Auth() auth: AuthContext, @Query('under') under?: string): Promise<{ items: OrgUnitView[] }> {
    return { items: await this.directory.orgUnits(auth.scope, under) };
  }

  @Post()
  @HttpCode(201)
  @Permission('identity.manage-org-tree', { orgUnitFrom: 'body.parent' })
  async create(
    @Auth() auth: AuthContext,
    @Body() body: unknown,
    @Req() request: Request,
  ): Promise<OrgUnitView> {
    const input = createOrgUnitBody.parse(body);
    const orgUnit = `${input.parent}.${input.segment}`;
    await this.commands.createOrgUnit(
      { orgUnit, parent: input.parent, kind: input.kind, name: input.name },
      commandMetadata(auth, orgUnit, request),
    );
    return { orgUnit, parent: input.parent, kind: input.kind, name: input.name };
  }
}
