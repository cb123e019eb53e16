import { Controller, Get, Inject } from '@nestjs/common';
import { Auth, type AuthContext, Permission } from '@yuqing/auth';
import { RulesReadModel } from './rules.read-model';

/** Monitoring rules (监测规则) a caller may see; defining one is `define-monitoring-rule/`. */
@Controller('api/ingestion/rules')
export class RulesController {
  constructor(@Inject(RulesReadModel) private readonly rules: RulesReadModel) {}

  @Get()
  @Permission('ingestion.read-items', { orgUnitFrom: 'none' })
  async list(@Auth() auth: AuthContext): Promise<{ rules: unknown[] }> {
    return { rules: await this.rules.list(auth.scope) };
  }
}
