import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { Auth, Permission, type AuthContext } from '@yuqing/auth';
import { Clock, pageFields } from '@yuqing/service-kit';
import { FollowUpsReadModel, type TrackedTasksQuery } from './follow-ups.read-model';

const trackedQuery = z.strictObject({
  ...pageFields(300),
  incidentId: z.string().min(1).max(100).optional(),
  standing: z.enum(['open', 'overdue', 'completed', 'completed-late']).optional(),
});

/**
 * GET /api/reporting/supervision/tasks: the supervision office's ledger (督办台账, 全程跟踪督办): the follow-up tasks
 * of the incidents in its scope and how each stands; `standing=overdue` lists what it must chase.
 */
@Controller('api/reporting/supervision')
export class FollowUpsController {
  constructor(
    @Inject(FollowUpsReadModel) private readonly readModel: FollowUpsReadModel,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Get('tasks')
  @Permission('reporting.track-follow-ups', { orgUnitFrom: 'none' })
  tasks(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ tasks: unknown[]; now: string; next?: string }> {
    const { limit, after, incidentId, standing } = trackedQuery.parse(query);
    const clean: TrackedTasksQuery = {
      limit,
      ...(after !== undefined ? { after } : {}),
      ...(incidentId !== undefined ? { incidentId } : {}),
      ...(standing !== undefined ? { standing } : {}),
    };
    return this.readModel.tracked(auth.scope, clean, this.clock.now());
  }
}
