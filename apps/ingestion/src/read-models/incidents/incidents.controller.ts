import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { Auth, Permission, type AuthContext } from '@yuqing/auth';
import { page } from '@yuqing/service-kit';
import { IngestionIncidentsReadModel } from './incidents.read-model';

const incidentListing = page.extend({
  /** `open`: those clustering still adds to; `merged`: closed by a merge; `all` (default). */
  status: z.enum(['open', 'merged', 'all']).default('all'),
});

/** What monitors read: incidents by latest activity with their heat, and items; always within the caller's scope. */
@Controller('api/ingestion')
export class IngestionIncidentsController {
  constructor(@Inject(IngestionIncidentsReadModel) private readonly readModel: IngestionIncidentsReadModel) {}

  @Get('incidents')
  @Permission('ingestion.read-items', { orgUnitFrom: 'none' })
  incidents(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ incidents: unknown[]; next?: string }> {
    const { limit, after, status } = incidentListing.parse(query);
    return this.readModel.incidents(auth.scope, { limit, status, ...(after !== undefined ? { after } : {}) });
  }

  @Get('incidents/:incidentId')
  @Permission('ingestion.read-items', { orgUnitFrom: { resolver: 'incident', from: 'params.incidentId' } })
  async incident(@Param('incidentId') incidentId: string): Promise<unknown> {
    const incident = await this.readModel.incident(incidentId);
    if (!incident) throw new NotFoundException(`incident ${incidentId} not found`);
    return incident;
  }

  @Get('items')
  @Permission('ingestion.read-items', { orgUnitFrom: 'none' })
  items(@Auth() auth: AuthContext, @Query() query: unknown): Promise<{ items: unknown[]; next?: string }> {
    const { limit, after } = page.parse(query);
    return this.readModel.items(auth.scope, { limit, ...(after !== undefined ? { after } : {}) });
  }
}
