import { hammingDistance, wordOverlap, type SimHash } from '../dedup/simhash';

/** What clustering knows of an item: its words, fingerprint, title and time. */
export interface ClusterItem {
  readonly itemId: string;
  readonly title: string;
  readonly words: readonly string[];
  readonly fingerprint: SimHash;
  readonly at: Date;
}

/** An open incident as clustering sees it: its items' fingerprints and words, and its last activity. */
export interface IncidentCandidate {
  readonly incidentId: string;
  readonly lastActivityAt: Date;
  readonly items: readonly Pick<ClusterItem, 'title' | 'words' | 'fingerprint'>[];
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

export type ClusteringDecision =
  | {
      readonly kind: 'attach';
      readonly incidentId: string;
      readonly relation: 'near-duplicate' | 'repost' | 'related';
      readonly similarity: number;
    }
  | { readonly kind: 'new-incident' };

const titleKey = (title: string) =>
  title
    .normalize('NFKC')
    .replace(/[\s\p{P}]/gu, '')
    .toLowerCase();

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
  let best: (ClusteringDecision & { kind: 'attach'; rank: number }) | undefined;
  for (const incident of candidates) {
    if (incident.lastActivityAt.getTime() < horizon) continue;
    for (const other of incident.items) {
      const bits = hammingDistance(item.fingerprint, other.fingerprint);
      const overlap = wordOverlap(item.words, other.words);
      const sameTitle = titleKey(item.title) !== '' && titleKey(item.title) === titleKey(other.title);
      let decision: (ClusteringDecision & { kind: 'attach'; rank: number }) | undefined;
      if (bits <= policy.nearDuplicateBits) {
        decision = {
          kind: 'attach',
          incidentId: incident.incidentId,
          relation: 'near-duplicate',
          similarity: 1 - bits / 64,
          rank: 2 + (1 - bits / 64),
        };
      } else if (sameTitle && overlap >= policy.relatedOverlap / 2) {
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
