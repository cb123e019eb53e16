import { Controller, Get, Inject, Query } from '@nestjs/common';
import { Auth, Permission, type AuthContext } from '@yuqing/auth';
import { Directory, type OrgUnitView } from '../../read-models/directory/directory.read-model';

/** The org tree: list the units you may see (a unit is added by create-org-unit/). */
@Controller('api/identity/org-units')
export class OrgUnitsController {
  constructor(@Inject(Directory) private readonly directory: Directory) {}

  @Get()
  @Permission('identity.read-org-tree', { orgUnitFrom: 'query.under', optional: true })
  async list(@Auth() auth: AuthContext, @Query('under') under?: string): Promise<{ items: OrgUnitView[] }> {
    return { items: await this.directory.orgUnits(auth.scope, under) };
  }
}
