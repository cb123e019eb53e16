import { streamKind } from './stream-kind';

/**
 * The streams of review: `review-finding-<id>` (a finding and its rulings), `review-rating-<orgUnit>:<period>`
 * (a department's ratings of a period), `review-notice-<id>` (a 通报).
 */
export const reviewStreams = {
  finding: streamKind('review', 'finding'),
  rating: streamKind('review', 'rating'),
  notice: streamKind('review', 'notice'),
} as const;
