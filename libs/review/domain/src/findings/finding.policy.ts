/**
 * What rulings follow, as data: every ruling cites the version it was taken under, so it stays explainable by the
 * rules of its day.
 */
export interface FindingPolicy {
  readonly version: string;
  /** How long after a confirmation the department may appeal (申诉). */
  readonly appealDays: number;
}

export const DEFAULT_FINDING_POLICY: FindingPolicy = Object.freeze({
  version: 'review-rules@1',
  appealDays: 15,
});
