import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { Auth, Permission, type AuthContext } from '@yuqing/auth';
import type { RecordedEvent } from '@yuqing/contracts';
import { page, pageFields } from '@yuqing/service-kit';
import {
  OnlineGuidanceReadModel,
  type GuidanceTaskRow,
  type MyGuidanceTaskRow,
  type OnlineGuidanceRow,
} from './online-guidance.read-model';

const myTasksQuery = z.object({
  ...pageFields(),
  open: z.enum(['true', 'false']).optional(),
});

/** Online guidance proposed in or to the caller's scope: list, one with its tasks, its history. */
@Controller('api/guidance/online-guidance')
export class OnlineGuidanceController {
  constructor(@Inject(OnlineGuidanceReadModel) private readonly readModel: OnlineGuidanceReadModel) {}

  @Get()
  @Permission('guidance.read-releases', { orgUnitFrom: 'none' })
  list(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ proposals: OnlineGuidanceRow[]; next?: string }> {
    const { limit, after } = page.parse(query);
    return this.readModel.list(auth.scope, limit, after);
  }

  // The proposing and the approving unit read it: the scope is checked in the query (not visible: 404).
  @Get(':proposalId')
  @Permission('guidance.read-releases', { orgUnitFrom: 'none' })
  async one(
    @Auth() auth: AuthContext,
    @Param('proposalId') proposalId: string,
  ): Promise<OnlineGuidanceRow & { tasks: GuidanceTaskRow[] }> {
    const row = await this.readModel.one(proposalId, auth.scope);
    if (!row) throw new NotFoundException(`online guidance ${proposalId} not found`);
    return row;
  }

  @Get(':proposalId/history')
  @Permission('guidance.read-releases', { orgUnitFrom: 'none' })
  async history(
    @Auth() auth: AuthContext,
    @Param('proposalId') proposalId: string,
  ): Promise<{ events: RecordedEvent[] }> {
    if (!(await this.readModel.one(proposalId, auth.scope)))
      throw new NotFoundException(`online guidance ${proposalId} not found`);
    return { events: await this.readModel.history(proposalId) };
  }
}

/** GET /api/guidance/my-guidance-tasks: the caller's own guidance tasks (网评员), soonest due first. */
@Controller('api/guidance/my-guidance-tasks')
export class MyGuidanceTasksController {
  constructor(@Inject(OnlineGuidanceReadModel) private readonly readModel: OnlineGuidanceReadModel) {}

  @Get()
  @Permission('guidance.report-guidance-task', { orgUnitFrom: 'none' })
  mine(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ tasks: MyGuidanceTaskRow[]; next?: string }> {
    const { limit, after, open } = myTasksQuery.parse(query);
    return this.readModel.tasksOf(
      auth.principal.subject,
      open === undefined ? undefined : open === 'true',
      limit,
      after,
    );
  }
}
