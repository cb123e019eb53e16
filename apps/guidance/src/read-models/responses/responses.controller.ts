import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { Auth, Permission, type AuthContext } from '@yuqing/auth';
import { RELEASE_KINDS, type RecordedEvent } from '@yuqing/contracts';
import { page, pageFields } from '@yuqing/service-kit';
import {
  ResponsesReadModel,
  type GapRow,
  type ReleaseRow,
  type ResponseDetail,
  type ResponseRow,
} from './responses.read-model';

const byIncident = { resolver: 'response', from: 'params.incidentId' } as const;
const id = z.string().min(1).max(100);
const releasesQuery = z.strictObject({
  ...pageFields(),
  incidentId: id.optional(),
  status: z.enum(['prepared', 'approved', 'refused', 'published']).optional(),
  kind: z.enum(RELEASE_KINDS).optional(),
});
const gapsQuery = z.strictObject({ ...pageFields(), incidentId: id.optional() });

/** What everyone in scope reads: the incidents' responses, one with its plan, wording and releases, its history. */
@Controller('api/guidance/responses')
export class ResponsesController {
  constructor(@Inject(ResponsesReadModel) private readonly readModel: ResponsesReadModel) {}

  @Get()
  @Permission('guidance.read-releases', { orgUnitFrom: 'none' })
  list(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ responses: ResponseRow[]; next?: string }> {
    const { limit, after } = page.parse(query);
    return this.readModel.list(auth.scope, limit, after);
  }

  /** The plan (三同步), who approves now, the gaps, every wording version and every release. */
  @Get(':incidentId')
  @Permission('guidance.read-releases', { orgUnitFrom: byIncident })
  async one(@Param('incidentId') incidentId: string): Promise<ResponseDetail> {
    const row = await this.readModel.one(incidentId);
    if (!row) throw new NotFoundException(`no response for incident ${incidentId}`);
    return row;
  }

  @Get(':incidentId/history')
  @Permission('guidance.read-releases', { orgUnitFrom: byIncident })
  async history(@Param('incidentId') incidentId: string): Promise<{ events: RecordedEvent[] }> {
    return { events: await this.readModel.history(incidentId) };
  }
}

/** Releases across the caller's scope, newest first; and the gaps found in release arrangements. */
@Controller('api/guidance')
export class ReleasesController {
  constructor(@Inject(ResponsesReadModel) private readonly readModel: ResponsesReadModel) {}

  @Get('releases')
  @Permission('guidance.read-releases', { orgUnitFrom: 'none' })
  releases(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ releases: ReleaseRow[]; next?: string }> {
    const { limit, after, ...filter } = releasesQuery.parse(query);
    return this.readModel.releases(
      auth.scope,
      {
        ...(filter.incidentId ? { incidentId: filter.incidentId } : {}),
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.kind ? { kind: filter.kind } : {}),
      },
      limit,
      after,
    );
  }

  @Get('response-gaps')
  @Permission('guidance.read-releases', { orgUnitFrom: 'none' })
  gaps(@Auth() auth: AuthContext, @Query() query: unknown): Promise<{ gaps: GapRow[]; next?: string }> {
    const { limit, after, incidentId } = gapsQuery.parse(query);
    return this.readModel.gaps(auth.scope, incidentId, limit, after);
  }
}
