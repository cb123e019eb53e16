import { Controller, Get, Inject, Query } from '@nestjs/common';
import {
  Auth,
  DenialLog,
  Permission,
  scopeCondition,
  type AuthContext,
  type RecordedDenial,
} from '@yuqing/auth';

/** The refused requests concerning units in your scope (the gateway's own; each service keeps its log). */
@Controller('api/identity/access-denials')
export class AccessDenialsController {
  constructor(@Inject(DenialLog) private readonly denials: DenialLog) {}

  @Get()
  @Permission('identity.read-access-denials', { orgUnitFrom: 'query.orgUnit', optional: true })
  async list(
    @Auth() auth: AuthContext,
    @Query('orgUnit') orgUnit?: string,
  ): Promise<{ items: RecordedDenial[] }> {
    const scope = orgUnit ? [orgUnit] : auth.scope;
    return { items: await this.denials.list(scopeCondition(scope, { column: 'org_unit' })) };
  }
}
