import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { Permission } from '@yuqing/auth';
import { WhatIfRatings } from '@yuqing/contracts';
import { schemeInForce, whatIf, type RatingChange } from '@yuqing/review-domain';
import { departmentsOf } from '../compute-ratings/departments';
import { FindingsReadModel } from '../read-models/findings/findings.read-model';
import { RatingsReadModel } from '../read-models/ratings/ratings.read-model';
import { RequestBody } from '@yuqing/service-kit';

/**
 * POST /api/review/ratings/what-if: a draft scheme over a period's findings and rulings as they stand; lists the
 * ratings it would change against the scheme in force and records nothing (a query that needs a body).
 */
@Controller('api/review/ratings')
export class WhatIfController {
  constructor(
    @Inject(FindingsReadModel) private readonly findings: FindingsReadModel,
    @Inject(RatingsReadModel) private readonly ratings: RatingsReadModel,
  ) {}

  @RequestBody(WhatIfRatings)
  @Post('what-if')
  @HttpCode(200)
  @Permission('review.compute-ratings', { orgUnitFrom: 'body.orgUnit' })
  async whatIf(@Body() body: unknown): Promise<{ inForce: string; draft: string; changes: RatingChange[] }> {
    const { orgUnit, period, scheme } = WhatIfRatings.parse(body);
    const inForce = schemeInForce();
    const departments = departmentsOf(
      await this.ratings.unitsWithin(orgUnit),
      await this.findings.ofPeriod(orgUnit, period),
    );
    return { inForce: inForce.version, draft: scheme.version, changes: whatIf(inForce, scheme, departments) };
  }
}
