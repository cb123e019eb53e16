import type { FindingKind, RatingSchemeData } from '@yuqing/contracts';

// Rating schemes (考评办法) as data, versioned like grading's rule sets: a rating cites the version it was computed
// under, and a draft can be run over a past period (what-if) before it is put in force.

export type RatingScheme = RatingSchemeData;

const points = (general: number, major: number, serious: number) => ({ general, major, serious });

const FIRST: RatingScheme = {
  version: 'review-scheme@1',
  base: 100,
  points: {
    'late-report': points(2, 3, 5),
    'missed-report': points(5, 8, 10),
    'concealed-report': points(10, 15, 20),
    'false-report': points(10, 15, 20),
    'unapproved-release': points(5, 8, 10),
    leak: points(10, 15, 20),
    'poor-handling': points(5, 8, 10),
    'guidance-not-done': points(2, 3, 5),
  } satisfies Record<FindingKind, { general: number; major: number; serious: number }>,
  excellentFrom: 90,
  qualifiedFrom: 60,
};

/** Every scheme that was ever in force, oldest first; the last is in force now. */
export const RATING_SCHEMES: readonly RatingScheme[] = Object.freeze([FIRST]);

export function schemeInForce(): RatingScheme {
  return RATING_SCHEMES[RATING_SCHEMES.length - 1]!;
}

export function schemeByVersion(version: string): RatingScheme | undefined {
  return RATING_SCHEMES.find((scheme) => scheme.version === version);
}
