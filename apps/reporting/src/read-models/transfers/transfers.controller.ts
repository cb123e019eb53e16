import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { Auth, Permission, type AuthContext } from '@yuqing/auth';
import { Clock, pageFields } from '@yuqing/service-kit';
import { TransfersReadModel, type TransfersQuery } from './transfers.read-model';

const transfersQuery = z.strictObject({
  ...pageFields(300),
  direction: z.enum(['received', 'sent']).optional(),
  standing: z.enum(['pending', 'overdue', 'answered', 'answered-late']).optional(),
});

/**
 * GET /api/reporting/transfers: transferred items (转办) and their answers (回告), for the unit that must answer
 * (`direction=received`) and the office that transferred them (`direction=sent`), each with its standing.
 */
@Controller('api/reporting')
export class TransfersController {
  constructor(
    @Inject(TransfersReadModel) private readonly readModel: TransfersReadModel,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Get('transfers')
  @Permission('reporting.read-reports', { orgUnitFrom: 'none' })
  transfers(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ transfers: unknown[]; now: string; next?: string }> {
    const { limit, after, direction, standing } = transfersQuery.parse(query);
    const clean: TransfersQuery = {
      limit,
      ...(after !== undefined ? { after } : {}),
      ...(direction !== undefined ? { direction } : {}),
      ...(standing !== undefined ? { standing } : {}),
    };
    return this.readModel.transfers(auth.scope, clean, this.clock.now());
  }
}
