export {
  evaluateKeywordExpression,
  matchableText,
  parseKeywordExpression,
  RuleSyntaxError,
} from './rules/keyword-expression';
export type { KeywordExpression, RuleMatch } from './rules/keyword-expression';
export { cleanText, decodeEntities, htmlToText } from './normalise/html-to-text';
export { canonicalUrl, InvalidUrlError } from './normalise/canonical-url';
export {
  contentWords,
  hammingDistance,
  simhash,
  simhashAndWordSet,
  simhashFromHex,
  simhashToHex,
  wordOverlap,
  wordSetOf,
  wordSetOverlap,
} from './dedup/simhash';
export type { SimHash, WordSet } from './dedup/simhash';
export { clusterFeatures, decideCluster, DEFAULT_CLUSTERING } from './clustering/clustering';
export type {
  ClusterFeatures,
  ClusterItem,
  ClusteringDecision,
  ClusteringMatch,
  ClusteringPolicy,
  IncidentCandidate,
} from './clustering/clustering';
export {
  decideEventCluster,
  EVENT_CLUSTERING,
  IncidentProfiles,
  nearDuplicateIn,
} from './clustering/event-clustering';
export type { EventClusteringPolicy, NearDuplicate } from './clustering/event-clustering';
export { charPairs, EventFeatureExtractor, eventFeatures } from './clustering/event-features';
export type { EventFeatures, Idf } from './clustering/event-features';
export { DEFAULT_GAZETTEER_PLACES, Gazetteer } from './clustering/gazetteer';
export type { GazetteerPlace, PlaceLevel, PlaceMention } from './clustering/gazetteer';
export {
  addToHeat,
  DEFAULT_HEAT,
  emptyHeat,
  heatChangeMatters,
  heatFromState,
  heatStateOf,
  measureHeat,
  REACH_ORDER,
  sumEngagement,
  widestReach,
} from './heat/heat-index';
export type { Engagement, Heat, HeatItem, HeatPolicy, HeatState, ReachTier } from './heat/heat-index';
export { analyseSentiment } from './sentiment/sentiment';
export type { DecidingWord, Sentiment } from './sentiment/sentiment';
export { decideVerification, evolveItem, initialItemState } from './verification/item-verification.decider';
export type { ItemState, VerificationCommand } from './verification/item-verification.decider';
export {
  catalogueReach,
  DEFAULT_SOURCE_CATALOGUE,
  effectiveReach,
  searchCatalogue,
} from './sources/source-catalogue';
export type { CatalogueOutlet, CatalogueQuery } from './sources/source-catalogue';
export {
  decideWatchWindow,
  evolveWatchWindow,
  initialWatchWindowState,
  WATCH_WINDOW_LIMITS,
  watchWindowStatus,
} from './watch-windows/watch-window.decider';
export type { WatchWindowCommand, WatchWindowState } from './watch-windows/watch-window.decider';
export {
  CORRECTION_LIMITS,
  decideMerge,
  decideMove,
  decideSplit,
  evolveIncidentCorrection,
  initialIncidentCorrectionState,
  itemsOf,
} from './corrections/incident-correction.decider';
export type {
  CorrectionCommand,
  IncidentCorrectionState,
  IncidentEvents,
  IncidentItem,
  IncidentItems,
} from './corrections/incident-correction.decider';
export { judgeRelevance } from './capture/relevance';
export type { MonitoringRule, Relevance, RuleHit } from './capture/relevance';
export { KnownItems } from './capture/known-items';
export {
  attach,
  chooseIncident,
  clusteringRuleSetVersion,
  clusteringWindowHours,
  explanation,
  ITEMS_PER_INCIDENT,
} from './capture/choose-incident';
export type { ChosenIncident, ClusteringVersion } from './capture/choose-incident';
export { CapturePlan, decideCapture } from './capture/capture.decider';
export type {
  CaptureCandidate,
  CaptureDecision,
  CaptureDeps,
  CaptureOutcome,
  CaptureState,
  PreparedCandidate,
  TextAnalysis,
} from './capture/capture.decider';
export { decideHeatChanges } from './capture/heat-changes';
export type { IncidentHeatRow } from './capture/heat-changes';
export { capturedFitsContract, decided } from './capture/decided-event';
