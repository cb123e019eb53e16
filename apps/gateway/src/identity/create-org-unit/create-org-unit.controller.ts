import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Permission } from '@yuqing/auth';
import { CreateOrgUnit } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import type { OrgUnitView } from '../../read-models/directory/directory.read-model';
import { CreateOrgUnitCommand } from './create-org-unit.command';

/** Add a unit to the org tree under one in your scope. */
@Controller('api/identity/org-units')
export class CreateOrgUnitController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(CreateOrgUnit)
  @Post()
  @HttpCode(201)
  @Permission('identity.manage-org-tree', { orgUnitFrom: 'body.parent' })
  create(@Body() body: unknown, @Ctx() ctx: CommandContext): Promise<OrgUnitView> {
    return this.commands.execute(new CreateOrgUnitCommand(CreateOrgUnit.parse(body), ctx));
  }
}
