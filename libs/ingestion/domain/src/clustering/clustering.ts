import {
  contentWords,
  hammingDistance,
  wordSetOf,
  wordSetOverlap,
  type SimHash,
  type WordSet,
} from '../dedup/simhash';
import type { EventFeatures } from './event-features';

/** What clustering compares: an item's fingerprint, content words and title, reduced once. */
export interface ClusterFeatures {
  readonly fingerprint: SimHash;
  readonly wordSet: WordSet;
  readonly titleKey: string;
  /** What clustering@2 compares: places, key terms, title, outlet and citations. */
  readonly event?: EventFeatures;
}

/** What clustering knows of a new item: its features, id and time. */
export interface ClusterItem extends ClusterFeatures {
  readonly itemId: string;
  readonly at: Date;
}

/** An open incident as clustering sees it: its items' features and its last activity. */
export interface IncidentCandidate {
  readonly incidentId: string;
  readonly lastActivityAt: Date;
  readonly items: readonly ClusterFeatures[];
}

export interface ClusteringPolicy {
  readonly version: string;
  /** An incident stays open to new items this long after its last one. */
  readonly windowHours: number;
  /** At most this many differing bits of 64: a near-duplicate (unrelated texts differ in ~32 ± 4). */
  readonly nearDuplicateBits: number;
  /** At least this share of content words in common: a repost (same title) or a related post. */
  readonly relatedOverlap: number;
}

export const DEFAULT_CLUSTERING: ClusteringPolicy = {
  version: 'clustering@1',
  windowHours: 72,
  nearDuplicateBits: 10,
  relatedOverlap: 0.35,
};

/** What an item shares with the incident it joined (clustering@2): the explanation of its score. */
export interface ClusteringMatch {
  readonly places: readonly string[];
  readonly terms: readonly string[];
  readonly citedOutlet?: string;
  readonly titleSimilarity?: number;
  readonly components?: Readonly<Record<string, number>>;
}

export type ClusteringDecision =
  | {
      readonly kind: 'attach';
      readonly incidentId: string;
      readonly relation: 'near-duplicate' | 'repost' | 'related' | 'same-event' | 'cites-source';
      readonly similarity: number;
      readonly matched?: ClusteringMatch;
    }
  | { readonly kind: 'new-incident' };

/**
 * Reduces an item to what clustering compares; do it once per item, not once per comparison. `wordSet` is
 * given by a caller that already has it (see simhashAndWordSet).
 */
export function clusterFeatures(
  title: string,
  words: readonly string[],
  fingerprint: SimHash,
  wordSet: WordSet = wordSetOf(contentWords(words)),
): ClusterFeatures {
  return {
    fingerprint,
    wordSet,
    titleKey: title
      .normalize('NFKC')
      .replace(/[\s\p{P}]/gu, '')
      .toLowerCase(),
  };
}

/**
 * Joins an item to the open incident it is most like, or opens a new one. A near-duplicate fingerprint wins
 * over word overlap; among equals the most recently active incident wins.
 */
export function decideCluster(
  item: ClusterItem,
  candidates: readonly IncidentCandidate[],
  policy: ClusteringPolicy = DEFAULT_CLUSTERING,
): ClusteringDecision {
  const horizon = item.at.getTime() - policy.windowHours * 3_600_000;
  const size = item.wordSet.words.length;
  let best: (ClusteringDecision & { kind: 'attach'; rank: number }) | undefined;
  for (const incident of candidates) {
    if (incident.lastActivityAt.getTime() < horizon) continue;
    for (const other of incident.items) {
      const bits = hammingDistance(item.fingerprint, other.fingerprint);
      let decision: (ClusteringDecision & { kind: 'attach'; rank: number }) | undefined;
      if (bits <= policy.nearDuplicateBits) {
        decision = {
          kind: 'attach',
          incidentId: incident.incidentId,
          relation: 'near-duplicate',
          similarity: 1 - bits / 64,
          rank: 2 + (1 - bits / 64),
        };
      } else {
        const sameTitle = item.titleKey !== '' && item.titleKey === other.titleKey;
        // The overlap is at most the smaller set over the larger: a pair that could not beat the best so far
        // (ranks compare strictly) is not measured. Skipping it changes no decision.
        const otherSize = other.wordSet.words.length;
        const bound =
          size === 0 || otherSize === 0 ? 0 : Math.min(size, otherSize) / Math.max(size, otherSize);
        const bestRank = best?.rank ?? -Infinity;
        const worthMeasuring = sameTitle
          ? bound >= policy.relatedOverlap / 2 && 1 + bound > bestRank
          : bound >= policy.relatedOverlap && bound > bestRank;
        if (worthMeasuring) {
          const overlap = wordSetOverlap(item.wordSet, other.wordSet);
          if (sameTitle && overlap >= policy.relatedOverlap / 2) {
            decision = {
              kind: 'attach',
              incidentId: incident.incidentId,
              relation: 'repost',
              similarity: overlap,
              rank: 1 + overlap,
            };
          } else if (overlap >= policy.relatedOverlap) {
            decision = {
              kind: 'attach',
              incidentId: incident.incidentId,
              relation: 'related',
              similarity: overlap,
              rank: overlap,
            };
          }
        }
      }
      if (decision && (!best || decision.rank > best.rank)) best = decision;
    }
  }
  if (!best) return { kind: 'new-incident' };
  return {
    kind: 'attach',
    incidentId: best.incidentId,
    relation: best.relation,
    similarity: Math.round(best.similarity * 1000) / 1000,
  };
}
