import {
  EventFeatureExtractor,
  Gazetteer,
  IncidentProfiles,
  parseKeywordExpression,
  type ClusterFeatures,
  type ClusteringVersion,
  type EventFeatures,
  type GazetteerPlace,
  type KeywordExpression,
} from '@yuqing/ingestion-domain';
import { idf } from '../text-analysis/text-analysis';

/** Clustering features kept in memory, by item: enough for the open incidents of many busy units. */
const FEATURES_CACHED = 50_000;

/**
 * What capture keeps across requests, so the hot path does not redo it: parsed rule expressions, the items'
 * clustering features (an item's title and words never change, so they are reduced once, not once per batch;
 * which items are compared still comes from the database in every batch), the open incidents' profiles, and the
 * words handed to the inline projection in the same transaction.
 */
export class CaptureCaches {
  private readonly parsedRules = new Map<string, KeywordExpression>();
  private readonly features = new Map<string, ClusterFeatures>();
  /** Open incidents' profiles, rebuilt only when their items change. */
  readonly profiles = new IncidentProfiles();
  private readonly events: EventFeatureExtractor;

  constructor(
    /** Words segmented here, taken by the inline projection (no second cut). */
    readonly words: Map<string, readonly string[]>,
    readonly version: ClusteringVersion,
    places?: readonly GazetteerPlace[],
  ) {
    this.events = new EventFeatureExtractor(idf, new Gazetteer(places));
    // The IDF table loads now, at start, not in the first capture request.
    if (version !== 'clustering@1') idf('');
  }

  /** A rule's parsed expression; a rule version never changes, so it is parsed once. */
  rule(ruleId: string, version: number, expression: string): KeywordExpression {
    const key = `${ruleId}@${version}`;
    let parsed = this.parsedRules.get(key);
    if (!parsed) {
      parsed = parseKeywordExpression(expression);
      this.parsedRules.set(key, parsed);
    }
    return parsed;
  }

  feature(itemId: string): ClusterFeatures | undefined {
    return this.features.get(itemId);
  }

  /** Keeps an item's features; past the bound, the oldest half is forgotten (and re-read when needed). */
  readonly remember = (itemId: string, features: ClusterFeatures): void => {
    if (this.features.size >= FEATURES_CACHED) {
      let excess = this.features.size - FEATURES_CACHED / 2;
      for (const key of this.features.keys()) {
        if (excess-- <= 0) break;
        this.features.delete(key);
      }
    }
    this.features.set(itemId, features);
  };

  /** clustering@2's reduction of an item to its event (places, key terms, citations). */
  readonly eventFeatures = (input: {
    title: string;
    words: readonly string[];
    outlet: string;
  }): EventFeatures => this.events.features(input);

  /** clustering@2 also reduces a re-read item to its event; @1 does not need it. */
  featuresOf(
    title: string,
    words: readonly string[],
    outlet: string,
    base: ClusterFeatures,
  ): ClusterFeatures {
    return this.version === 'clustering@1'
      ? base
      : { ...base, event: this.events.features({ title, words, outlet }) };
  }
}
