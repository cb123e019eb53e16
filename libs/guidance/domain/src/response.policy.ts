/**
 * What guidance's decisions follow, as data: a deployment may ship its own, and every decision cites the version
 * it was taken under, so it stays explainable by the rules of its day.
 */
export interface ResponsePolicy {
  /** Cited by the events (`ruleSetVersion`); a changed policy is a new version. */
  readonly version: string;
  /** A closing reason shorter than this is refused: the record must say why. */
  readonly minimumCloseReasonLength: number;
}

export const DEFAULT_RESPONSE_POLICY: ResponsePolicy = Object.freeze({
  version: 'guidance-rules@1',
  minimumCloseReasonLength: 4,
});
