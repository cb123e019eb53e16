import { ComputeRatings, type EventData, type RatingComputed } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What computing answers: each department's rating as recorded. */
export interface ComputeRatingsResult {
  readonly period: string;
  readonly ratings: readonly EventData<typeof RatingComputed>[];
}

export class ComputeRatingsCommand extends DomainCommand<typeof ComputeRatings, ComputeRatingsResult>(
  ComputeRatings,
) {}
