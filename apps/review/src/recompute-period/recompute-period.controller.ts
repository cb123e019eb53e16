import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { isOrgUnitPath, Permission } from '@yuqing/auth';
import { reviewPeriod } from '@yuqing/contracts';
import { PeriodRecomputation, type Recomputation } from './period-recomputation';

/**
 * GET /api/review/periods/{period}/recompute?orgUnit=…: the period's findings and ratings recomputed from zero,
 * with every difference from what is recorded (auditors; nothing is recorded).
 */
/** An org unit path, e.g. cn.yn.km.yl. */
const orgUnitPath = z.string().max(200).refine(isOrgUnitPath, 'an org unit path, e.g. cn.yn.km.yl');

@Controller('api/review/periods')
export class RecomputePeriodController {
  constructor(@Inject(PeriodRecomputation) private readonly recomputation: PeriodRecomputation) {}

  @Get(':period/recompute')
  @Permission('audit.verify', { orgUnitFrom: 'query.orgUnit' })
  recompute(@Param('period') period: string, @Query() query: unknown): Promise<Recomputation> {
    const { orgUnit } = z.strictObject({ orgUnit: orgUnitPath }).parse(query);
    return this.recomputation.run(orgUnit, reviewPeriod.parse(period));
  }
}
