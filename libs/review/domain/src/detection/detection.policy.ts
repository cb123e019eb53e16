/**
 * What the detectors follow, as data. A detector's logic has its own version (`late-report@1`): a change to it is
 * a new version and never rewrites findings already recorded (docs/review.md).
 */
export interface DetectionPolicy {
  readonly version: string;
  /**
   * 上级先于本级发现: how long after a higher unit captured an item the unit itself may capture it and not have
   * missed it (漏报 of monitoring).
   */
  readonly higherFirstGraceMinutes: number;
  /** 泄露: the share of a confidential document's word shingles found in a captured item that counts as its text. */
  readonly leakOverlap: number;
  /** 泄露: fewer shared shingles than this is too little text to say it came from the document. */
  readonly leakMinimumShingles: number;
}

export const DEFAULT_DETECTION_POLICY: DetectionPolicy = Object.freeze({
  version: 'review-detection@1',
  higherFirstGraceMinutes: 60,
  leakOverlap: 0.6,
  leakMinimumShingles: 20,
});
