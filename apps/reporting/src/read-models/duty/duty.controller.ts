import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { Auth, Permission, type AuthContext } from '@yuqing/auth';
import { Clock, pageFields } from '@yuqing/service-kit';
import { DutyReadModel, type AlertsQuery } from './duty.read-model';

const alertsQuery = z.strictObject({
  ...pageFields(300),
  status: z.enum(['raised', 'escalated', 'acknowledged']).optional(),
  incidentId: z.string().min(1).max(100).optional(),
});

/**
 * 值班 (篇一二(一)): GET /api/reporting/duty/{orgUnitId}/roster (who is on duty now, the shifts around now and their
 * handovers) and GET /api/reporting/duty-alerts (the alerts of the caller's units and how each stands).
 */
@Controller('api/reporting')
export class DutyController {
  constructor(
    @Inject(DutyReadModel) private readonly readModel: DutyReadModel,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Get('duty/:orgUnitId/roster')
  @Permission('reporting.read-reports', { orgUnitFrom: 'params.orgUnitId' })
  roster(@Param('orgUnitId') orgUnitId: string): Promise<unknown> {
    return this.readModel.roster(orgUnitId, this.clock.now());
  }

  @Get('duty-alerts')
  @Permission('reporting.read-reports', { orgUnitFrom: 'none' })
  alerts(@Auth() auth: AuthContext, @Query() query: unknown): Promise<unknown> {
    const { limit, after, status, incidentId } = alertsQuery.parse(query);
    const clean: AlertsQuery = {
      limit,
      ...(after !== undefined ? { after } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(incidentId !== undefined ? { incidentId } : {}),
    };
    return this.readModel.alerts(auth.scope, clean);
  }
}
