import { Controller, Get, Inject, Query } from '@nestjs/common';
import { Auth, type AuthContext, Permission } from '@yuqing/auth';
import { SourcesReadModel } from './sources.read-model';

/** Sources (监测源) a caller may see; registering one is `register-source/`. */
@Controller('api/ingestion/sources')
export class SourcesController {
  constructor(@Inject(SourcesReadModel) private readonly sources: SourcesReadModel) {}

  @Get()
  @Permission('ingestion.read-items', { orgUnitFrom: 'none' })
  async list(@Auth() auth: AuthContext, @Query('limit') limit?: string): Promise<{ sources: unknown[] }> {
    return { sources: await this.sources.list(auth.scope, Math.min(Number(limit) || 100, 500)) };
  }
}
