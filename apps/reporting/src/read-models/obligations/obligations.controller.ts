import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { Auth, Permission, type AuthContext } from '@yuqing/auth';
import { Clock, pageFields } from '@yuqing/service-kit';
import { ObligationsReadModel } from './obligations.read-model';

const page = pageFields(300);
const id = z.string().min(1).max(100);
const obligationsQuery = z.strictObject({
  ...page,
  incidentId: id.optional(),
  status: z.enum(['open', 'pending', 'overdue', 'fulfilled', 'fulfilled-late', 'cancelled']).optional(),
});
const listQuery = z.strictObject({ ...page, incidentId: id.optional() });

/** `undefined`-free: the read model's optional fields are absent, not undefined. */
function present<T extends Record<string, unknown>>(query: T): T {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) as T;
}

/**
 * What duty officers and the review read: obligations with their countdowns, the overdue ones (迟报/漏报),
 * bulletins and follow-up tasks; always within the caller's scope. Countdowns are measured on the service clock.
 */
@Controller('api/reporting')
export class ReportingQueriesController {
  constructor(
    @Inject(ObligationsReadModel) private readonly readModel: ObligationsReadModel,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Obligations by deadline, soonest first, each with `standing` and `secondsRemaining` (negative once passed). */
  @Get('obligations')
  @Permission('reporting.read-reports', { orgUnitFrom: 'none' })
  obligations(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ obligations: unknown[]; now: string; next?: string }> {
    return this.readModel.obligations(auth.scope, present(obligationsQuery.parse(query)), this.clock.now());
  }

  /** Deadlines that passed without the report (ReportOverdue), newest first, met late or still outstanding. */
  @Get('overdue')
  @Permission('reporting.read-reports', { orgUnitFrom: 'none' })
  overdue(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ overdue: unknown[]; next?: string }> {
    return this.readModel.overdue(auth.scope, present(listQuery.parse(query)), this.clock.now());
  }

  /** 《网上舆情》 bulletins, newest first, with their sign-off state (awaiting, signed off, left unsigned). */
  @Get('bulletins')
  @Permission('reporting.read-reports', { orgUnitFrom: 'none' })
  bulletins(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ bulletins: unknown[]; next?: string }> {
    return this.readModel.bulletins(auth.scope, present(listQuery.parse(query)));
  }

  /** Follow-up tasks (跟踪督办) opened by sign-offs, newest first. */
  @Get('follow-up-tasks')
  @Permission('reporting.read-reports', { orgUnitFrom: 'none' })
  tasks(@Auth() auth: AuthContext, @Query() query: unknown): Promise<{ tasks: unknown[]; next?: string }> {
    return this.readModel.tasks(auth.scope, present(listQuery.parse(query)));
  }
}
