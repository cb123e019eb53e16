import { Inject } from '@nestjs/common';
import { RatingComputed, reviewStreams, type EventData } from '@yuqing/contracts';
import { rate, schemeInForce } from '@yuqing/review-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { FindingsReadModel } from '../read-models/findings/findings.read-model';
import { RatingsReadModel } from '../read-models/ratings/ratings.read-model';
import { ComputeRatingsCommand, type ComputeRatingsResult } from './compute-ratings.command';
import { departmentsOf } from './departments';

/**
 * Rates every department under the unit for the period (考评) under the scheme in force, from the findings and
 * their rulings as they stand: one RatingComputed per department, on its own stream, with the lines that explain it.
 */
@HandlesCommand(ComputeRatingsCommand)
export class ComputeRatingsHandler implements CommandHandling<ComputeRatingsCommand, ComputeRatingsResult> {
  constructor(
    @Inject(FindingsReadModel) private readonly findings: FindingsReadModel,
    @Inject(RatingsReadModel) private readonly ratings: RatingsReadModel,
  ) {}

  async handle(command: ComputeRatingsCommand, tx: CommandTransaction): Promise<ComputeRatingsResult> {
    const { orgUnit, period } = command.payload;
    const scheme = schemeInForce();
    const departments = departmentsOf(
      await this.ratings.unitsWithin(orgUnit),
      await this.findings.ofPeriod(orgUnit, period),
    );
    const ratings: EventData<typeof RatingComputed>[] = [...departments]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([orgUnitId, findings]) => ({
        ratingId: tx.newId(),
        period,
        orgUnitId,
        ...rate(scheme, findings),
      }));
    // A rating stream keeps every computation; the latest stands, so any version may be appended to.
    await tx.appendMany(
      ratings.map((data) => ({
        streamId: reviewStreams.rating.id(`${data.orgUnitId}:${period}`),
        events: [RatingComputed.create(data)],
        expectedVersion: 'any' as const,
        metadata: tx.metadata({ orgUnit: data.orgUnitId }),
      })),
    );
    return { period, ratings };
  }
}
