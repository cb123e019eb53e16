import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { Auth, Permission, type AuthContext } from '@yuqing/auth';
import { writtenRequestKind, type RecordedEvent } from '@yuqing/contracts';
import { pageFields } from '@yuqing/service-kit';
import {
  WrittenRequestsReadModel,
  type WrittenRequestDetail,
  type WrittenRequestRow,
} from './written-requests.read-model';

const listQuery = z.object({
  ...pageFields(),
  kind: writtenRequestKind.optional(),
  status: z.enum(['pending', 'approved', 'refused', 'closed', 'overdue']).optional(),
});

/** Written requests filed in or addressed to the caller's scope: list (by kind, status), one with its document. */
@Controller('api/guidance/requests')
export class WrittenRequestsController {
  constructor(@Inject(WrittenRequestsReadModel) private readonly readModel: WrittenRequestsReadModel) {}

  @Get()
  @Permission('guidance.read-releases', { orgUnitFrom: 'none' })
  list(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ requests: WrittenRequestRow[]; next?: string }> {
    const { limit, after, kind, status } = listQuery.parse(query);
    return this.readModel.list(
      auth.scope,
      { ...(kind ? { kind } : {}), ...(status ? { status } : {}) },
      limit,
      after,
    );
  }

  // Readable by the filing and the addressed unit: the scope is checked in the query (not visible: 404).
  @Get(':requestId')
  @Permission('guidance.read-releases', { orgUnitFrom: 'none' })
  async one(@Auth() auth: AuthContext, @Param('requestId') requestId: string): Promise<WrittenRequestDetail> {
    const row = await this.readModel.one(requestId, auth.scope);
    if (!row) throw new NotFoundException(`written request ${requestId} not found`);
    return row;
  }

  @Get(':requestId/history')
  @Permission('guidance.read-releases', { orgUnitFrom: 'none' })
  async history(
    @Auth() auth: AuthContext,
    @Param('requestId') requestId: string,
  ): Promise<{ events: RecordedEvent[] }> {
    if (!(await this.readModel.one(requestId, auth.scope)))
      throw new NotFoundException(`written request ${requestId} not found`);
    return { events: await this.readModel.history(requestId) };
  }
}
