import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { Auth, isOrgUnitPath, Permission, type AuthContext } from '@yuqing/auth';
import { reviewPeriod } from '@yuqing/contracts';
import { RatingsReadModel, type RatingRow } from './ratings.read-model';

/** Ratings as they stand: a department sees its own, the city's reviewers and auditors all of the city's. */
/** An org unit path, e.g. cn.yn.km.yl. */
const orgUnitPath = z.string().max(200).refine(isOrgUnitPath, 'an org unit path, e.g. cn.yn.km.yl');

@Controller('api/review/ratings')
export class RatingsController {
  constructor(@Inject(RatingsReadModel) private readonly ratings: RatingsReadModel) {}

  @Get()
  @Permission('review.read-ratings', { orgUnitFrom: 'none' })
  async list(@Auth() auth: AuthContext, @Query() query: unknown): Promise<{ ratings: RatingRow[] }> {
    const { period } = z.object({ period: reviewPeriod.optional() }).parse(query);
    return { ratings: await this.ratings.list(auth.scope, period) };
  }

  /** One department's rating with its lines (how it was computed). */
  @Get(':orgUnit/:period')
  @Permission('review.read-ratings', { orgUnitFrom: 'params.orgUnit' })
  async one(@Param('orgUnit') orgUnit: string, @Param('period') period: string): Promise<RatingRow> {
    const parsed = z.object({ orgUnit: orgUnitPath, period: reviewPeriod }).parse({ orgUnit, period });
    const row = await this.ratings.one(parsed.orgUnit, parsed.period);
    if (!row) throw new NotFoundException(`no rating of ${orgUnit} for ${period}`);
    return row;
  }
}
