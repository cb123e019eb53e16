import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { Auth, Permission, type AuthContext } from '@yuqing/auth';
import { pageFields } from '@yuqing/service-kit';
import { HandlingSummariesReadModel } from './handling-summaries.read-model';

const summariesQuery = z.strictObject({
  ...pageFields(300),
  incidentId: z.string().min(1).max(100).optional(),
});

/** GET /api/reporting/handling-summaries: the handling summaries (处置总结) reported, newest first. */
@Controller('api/reporting')
export class HandlingSummariesController {
  constructor(@Inject(HandlingSummariesReadModel) private readonly readModel: HandlingSummariesReadModel) {}

  @Get('handling-summaries')
  @Permission('reporting.read-reports', { orgUnitFrom: 'none' })
  summaries(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ summaries: unknown[]; next?: string }> {
    const { incidentId, after, limit } = summariesQuery.parse(query);
    return this.readModel.summaries(auth.scope, {
      limit,
      ...(after !== undefined ? { after } : {}),
      ...(incidentId !== undefined ? { incidentId } : {}),
    });
  }
}
