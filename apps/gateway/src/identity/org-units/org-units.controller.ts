import { Controller, Get, Inject, Query } from '@nestjs/common';
import { Auth, Permission, type AuthContext } from '@yuqing/auth';
import { Directory, type OrgUnitView } from '../../read-models/directory/directory.read-model';

/**
 * The org tree: the units you may see (a unit is added by create-org-unit/), and in `above` the names of the
 * units your scope sits under, which you report to.
 */
@Controller('api/identity/org-units')
export class OrgUnitsController {
  constructor(@Inject(Directory) private readonly directory: Directory) {}

  @Get()
  @Permission('identity.read-org-tree', { orgUnitFrom: 'query.under', optional: true })
  async list(
    @Auth() auth: AuthContext,
    @Query('under') under?: string,
  ): Promise<{ items: OrgUnitView[]; above: OrgUnitView[] }> {
    const [items, above] = await Promise.all([
      this.directory.orgUnits(auth.scope, under),
      this.directory.orgUnitsAbove(auth.scope),
    ]);
    return { items, above };
  }
}
