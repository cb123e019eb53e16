/**
 * How an item from an official account is matched with the approved releases of its unit, as data: cited by
 * version in every UnapprovedReleaseDetected, so a detection stays explainable by the rules of its day. The seed
 * gives no numbers (第二十一条 asks only that releases be approved); these defaults are documented in
 * docs/guidance-accounts.md and a deployment may ship its own under a new version.
 */
export interface DetectionPolicy {
  readonly version: string;
  /** A release counts if published at most this many hours before the item (its publication, else capture). */
  readonly windowHoursBefore: number;
  /** … or at most this many hours after it (the release was recorded after the account posted it). */
  readonly windowHoursAfter: number;
  /** Character-bigram cosine (0–1) of normalised texts at or above which the item is that release. */
  readonly similarityThreshold: number;
  /** Only the first this many normalised characters of either text are compared: captured text is hostile. */
  readonly maxCompareChars: number;
  /** At most this many releases of the unit in the window are compared, the nearest in time first. */
  readonly maxCandidates: number;
}

export const DEFAULT_DETECTION_POLICY: DetectionPolicy = Object.freeze({
  version: 'guidance-detection@1',
  windowHoursBefore: 72,
  windowHoursAfter: 72,
  similarityThreshold: 0.6,
  maxCompareChars: 20_000,
  maxCandidates: 200,
});
