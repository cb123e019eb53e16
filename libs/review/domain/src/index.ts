// Review (考评, 第二十八、二十九条): pure detection, rulings and ratings; no I/O, time and policy come in as data.

// The facts the review records from other contexts, and the periods it rates.
export { above, dataOf, gradeInForce, severityOf, within } from './facts';
export type { Fact } from './facts';
export { inPeriod, periodBounds, periodName, quarterOf } from './period';

// Detection: one detector per finding kind, versioned; scopes; recomputation from zero.
export { DEFAULT_DETECTION_POLICY } from './detection/detection.policy';
export type { DetectionPolicy } from './detection/detection.policy';
export type { Detector, FindingDraft } from './detection/detector';
export { detect, DETECTORS, findingKey } from './detection/detectors';
export { directScope, isStaging, itemsAttached, STAGING_PREFIX } from './detection/scopes';
export { replayDetection } from './detection/replay';
export type { RecordedFact } from './detection/replay';
export { shingleOverlap } from './detection/shingles';

// One finding and its rulings: state, decider, policy.
export { DEFAULT_FINDING_POLICY } from './findings/finding.policy';
export type { FindingPolicy } from './findings/finding.policy';
export {
  decideFinding,
  evolveFinding,
  findingDecider,
  initialFindingState,
} from './findings/finding.decider';
export type { FindingCommand, FindingState, FindingStatus, Ruler } from './findings/finding.decider';

// Ratings: schemes as data, the rating of a department, what-if.
export { RATING_SCHEMES, schemeByVersion, schemeInForce } from './rating/scheme';
export type { RatingScheme } from './rating/scheme';
export { rate, whatIf } from './rating/rate';
export type { Rating, RatingChange, RatedFinding } from './rating/rate';
