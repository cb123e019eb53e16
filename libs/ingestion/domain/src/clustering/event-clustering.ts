import { hammingDistance } from '../dedup/simhash';
import type { ClusterFeatures, ClusterItem, ClusteringDecision, IncidentCandidate } from './clustering';
import type { EventFeatures } from './event-features';
import { diceOf, dot, sharedTerms } from './term-vector';

/**
 * clustering@2: an item joins the open incident whose event it tells, in whatever words. The score adds up what
 * reports of one event share: key terms (TF-IDF cosine with the incident's items and with their sum), the places
 * below the county (town, road, community, institution), the title, and a citation of one of the incident's
 * outlets; and it takes off for what sets events apart: a different town or county, different named spots, and
 * days of silence. Near-duplicates and reposts attach as in clustering@1. Every weight is data, here.
 */
export interface EventClusteringPolicy {
  readonly version: string;
  /** An incident stays open to new items this long after its last one. */
  readonly windowHours: number;
  /** At most this many differing bits of 64: a near-duplicate. */
  readonly nearDuplicateBits: number;
  /** The least score that attaches an item to an incident. */
  readonly threshold: number;
  readonly weights: {
    /** Added when both name the same road, community or institution. */
    readonly sharedSpot: number;
    /** Added when both name the same town (街道/镇/乡) or landmark. */
    readonly sharedTown: number;
    /** Times the best title similarity (0–1). */
    readonly title: number;
    /** Added when the item cites an outlet whose report is in the incident (据…报道). */
    readonly citation: number;
    /** Taken off when both name towns and none in common. */
    readonly otherTown: number;
    /** Taken off when both name counties and none in common. */
    readonly otherCounty: number;
    /** Taken off when both name spots and none in common. */
    readonly otherSpot: number;
    /** Taken off per day since the incident's last item, after the first day. */
    readonly perDayQuiet: number;
    /** Added for an item within `closeHours` of the incident's last one, less the further apart. */
    readonly close: number;
    /**
     * Added when, within `closeHours`, both tell the same kind of event (停水, 塌陷…) in the same town; half of it for
     * the same county: two collapses in one town on one day are rarely two events.
     */
    readonly sameKindSamePlace: number;
  };
  /** A citation counts only with at least this term similarity (a citation of 云南网 alone is no evidence). */
  readonly citationMinTerms: number;
  /** Reports this close in time to an incident's last one are likely of the same event. */
  readonly closeHours: number;
}

export const EVENT_CLUSTERING: EventClusteringPolicy = {
  version: 'clustering@2',
  windowHours: 72,
  nearDuplicateBits: 10,
  threshold: 0.3,
  weights: {
    sharedSpot: 0.12,
    sharedTown: 0.08,
    title: 0.2,
    citation: 0.2,
    otherTown: 0.3,
    otherCounty: 0.45,
    otherSpot: 0.08,
    perDayQuiet: 0.06,
    close: 0.1,
    sameKindSamePlace: 0.2,
  },
  citationMinTerms: 0.12,
  closeHours: 24,
};

/** What an incident's items add up to: computed once and reused while its items stay the same. */
interface IncidentProfile {
  readonly items: readonly EventFeatures[];
  readonly towns: ReadonlySet<string>;
  readonly counties: ReadonlySet<string>;
  readonly spots: ReadonlySet<string>;
  readonly outlets: readonly string[];
  readonly concepts: ReadonlySet<string>;
}

/**
 * Profiles of open incidents, kept between batches: an incident's profile is rebuilt only when its items change
 * (compared by identity: the capture pipeline keeps each item's features as one object). Bounded.
 */
export class IncidentProfiles {
  private readonly byIncident = new Map<
    string,
    { items: readonly ClusterFeatures[]; profile: IncidentProfile | null }
  >();

  constructor(private readonly max = 20_000) {}

  of(incident: IncidentCandidate): IncidentProfile | null {
    const known = this.byIncident.get(incident.incidentId);
    if (known && sameItems(known.items, incident.items)) return known.profile;
    const profile = profileOf(incident.items);
    if (this.byIncident.size >= this.max) this.byIncident.clear();
    this.byIncident.set(incident.incidentId, { items: incident.items, profile });
    return profile;
  }
}

function sameItems(a: readonly ClusterFeatures[], b: readonly ClusterFeatures[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function profileOf(features: readonly ClusterFeatures[]): IncidentProfile | null {
  const items: EventFeatures[] = [];
  const towns = new Set<string>();
  const counties = new Set<string>();
  const spots = new Set<string>();
  const outlets = new Set<string>();
  const concepts = new Set<string>();
  const vectors = new Set<object>();
  for (const { event } of features) {
    if (!event) continue;
    // A copy shares its original's terms (see nearDuplicateIn): compared once.
    if (!vectors.has(event.vector)) items.push(event);
    vectors.add(event.vector);
    for (const town of event.towns) towns.add(town);
    for (const county of event.counties) counties.add(county);
    for (const spot of event.spots) spots.add(spot);
    for (const concept of event.concepts) concepts.add(concept);
    if (event.outlet.length >= 2) outlets.add(event.outlet);
  }
  if (items.length === 0) return null;
  return { items, towns, counties, spots, outlets: [...outlets], concepts };
}

function intersects(a: Iterable<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/** Whether `cited` names `outlet` (据云南网 for 云南网; 春城晚报 for 春城晚报·都市时报). */
function sameOutlet(cited: string, outlet: string): boolean {
  return (
    cited === outlet ||
    (cited.length >= 3 && outlet.includes(cited)) ||
    (outlet.length >= 3 && cited.includes(outlet))
  );
}

type Attach = Extract<ClusteringDecision, { kind: 'attach' }>;

interface Scored {
  readonly score: number;
  readonly components: Record<string, number>;
  readonly citedOutlet: string | undefined;
  readonly titleSimilarity: number;
  /** The incident's item whose key terms are most like the item's. */
  readonly nearest: EventFeatures;
}

/**
 * Scores the item against one incident's profile: the sum of its components (see EventClusteringPolicy). Undefined
 * when the score cannot reach the threshold: most incidents of a unit are not the item's, and are left cheaply.
 */
function score(
  event: EventFeatures,
  incident: IncidentCandidate,
  profile: IncidentProfile,
  at: Date,
  policy: EventClusteringPolicy,
): Scored | undefined {
  const w = policy.weights;
  const { towns, counties } = event;
  const sharedTown = towns.length > 0 && intersects(towns, profile.towns);
  const otherTown = towns.length > 0 && profile.towns.size > 0 && !sharedTown;
  const sameCounty = counties.length > 0 && intersects(counties, profile.counties);
  const otherCounty = counties.length > 0 && profile.counties.size > 0 && !sameCounty;
  const sharedSpot = event.spots.length > 0 && intersects(event.spots, profile.spots);
  const otherSpot = event.spots.length > 0 && profile.spots.size > 0 && !sharedSpot;
  const sameKind = intersects(event.concepts, profile.concepts);
  const quietHours = Math.max(0, (at.getTime() - incident.lastActivityAt.getTime()) / 3_600_000);
  const close = quietHours < policy.closeHours;
  // Closeness in time is evidence only of an event both tell: it adds to a shared kind of event, not to nothing.
  const time = close
    ? sameKind
      ? w.close * (1 - quietHours / policy.closeHours)
      : 0
    : -w.perDayQuiet * ((quietHours - policy.closeHours) / 24);
  const kindAndPlace =
    sameKind && close && !otherTown && !otherCounty
      ? sharedTown || sharedSpot
        ? w.sameKindSamePlace
        : sameCounty
          ? w.sameKindSamePlace / 2
          : 0
      : 0;
  const place =
    (sharedSpot ? w.sharedSpot : 0) +
    (sharedTown ? w.sharedTown : 0) -
    (otherTown ? w.otherTown : 0) -
    (otherCounty ? w.otherCounty : 0) -
    (otherSpot ? w.otherSpot : 0);
  // Key terms: the cosine with the incident's item most alike (a sum of the items would blur an incident that
  // drifts; on the labelled set the two decide the same).
  let terms = 0;
  let nearest = profile.items[0]!;
  for (const other of profile.items) {
    const cosine = dot(event.vector, other.vector);
    if (cosine > terms) {
      terms = cosine;
      nearest = other;
    }
  }
  const cited =
    event.cites.length > 0
      ? event.cites.find((c) => profile.outlets.some((o) => sameOutlet(c, o)))
      : undefined;
  const citation = cited !== undefined && terms >= policy.citationMinTerms ? w.citation : 0;
  const withoutTitle = terms + place + citation + time + kindAndPlace;
  if (withoutTitle + w.title < policy.threshold) return undefined;
  let titleSimilarity = 0;
  for (const other of profile.items)
    titleSimilarity = Math.max(titleSimilarity, diceOf(event.titleGrams, other.titleGrams));
  const total = withoutTitle + w.title * titleSimilarity;
  if (total < policy.threshold) return undefined;
  return {
    score: total,
    components: {
      terms: round(terms),
      title: round(w.title * titleSimilarity),
      place: round(place),
      citation,
      time: round(time),
      kindAndPlace,
    },
    citedOutlet: citation ? cited : undefined,
    titleSimilarity,
    nearest,
  };
}

/** The decision for the incident an item joins, with what it shares with it (built for the winner only). */
function attachment(
  item: EventFeatures,
  incident: IncidentCandidate,
  profile: IncidentProfile,
  scored: Scored,
): Attach {
  const places = [
    ...item.places
      .filter((p) => p.level !== 'city' && (profile.towns.has(p.key) || profile.counties.has(p.name)))
      .map((p) => p.name),
    ...item.spots.filter((s) => profile.spots.has(s)),
  ];
  return {
    kind: 'attach',
    incidentId: incident.incidentId,
    relation: scored.citedOutlet ? 'cites-source' : 'same-event',
    similarity: round(Math.min(1, Math.max(0, scored.score))),
    matched: {
      places: [...new Set(places)].slice(0, 20),
      terms: sharedTerms(item.vector, scored.nearest.vector)
        .filter((t) => !t.startsWith('@') && !t.startsWith('#'))
        .slice(0, 10),
      ...(scored.citedOutlet ? { citedOutlet: scored.citedOutlet } : {}),
      titleSimilarity: round(scored.titleSimilarity),
      components: scored.components,
    },
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** A near-duplicate found: the decision, and the incident's item the new one copies. */
export interface NearDuplicate {
  readonly decision: Attach;
  readonly original: ClusterFeatures;
}

/** The nearest copy of the item among the incident's items, within the near-duplicate distance. */
function copyOf(
  item: Pick<ClusterItem, 'fingerprint'>,
  incident: IncidentCandidate,
  policy: EventClusteringPolicy,
): NearDuplicate | undefined {
  let best: NearDuplicate | undefined;
  for (const other of incident.items) {
    const bits = hammingDistance(item.fingerprint, other.fingerprint);
    if (bits <= policy.nearDuplicateBits) {
      const similarity = round(1 - bits / 64);
      if (!best || best.decision.similarity < similarity)
        best = {
          decision: {
            kind: 'attach',
            incidentId: incident.incidentId,
            relation: 'near-duplicate',
            similarity,
          },
          original: other,
        };
    }
  }
  return best;
}

/**
 * The open incident holding a near-duplicate of the item (SimHash within `nearDuplicateBits`), the nearest first;
 * undefined when none does. Cheap: a caller tries it before reducing the item to its event features, which a copy
 * can take from its original.
 */
export function nearDuplicateIn(
  item: Pick<ClusterItem, 'fingerprint' | 'at'>,
  candidates: readonly IncidentCandidate[],
  policy: EventClusteringPolicy = EVENT_CLUSTERING,
): NearDuplicate | undefined {
  const horizon = item.at.getTime() - policy.windowHours * 3_600_000;
  let copy: NearDuplicate | undefined;
  for (const incident of candidates) {
    if (incident.lastActivityAt.getTime() < horizon) continue;
    const duplicate = copyOf(item, incident, policy);
    if (duplicate && (!copy || copy.decision.similarity < duplicate.decision.similarity)) copy = duplicate;
  }
  return copy;
}

const unshared = new IncidentProfiles();

/**
 * Joins an item to the open incident that tells the same event, or opens a new one. Near-duplicates win; then the
 * best score at or above the threshold; among equals the most recently active incident (candidates come newest
 * first). `profiles` keeps the incidents' profiles between calls (the pipeline keeps one).
 */
export function decideEventCluster(
  item: ClusterItem,
  candidates: readonly IncidentCandidate[],
  policy: EventClusteringPolicy = EVENT_CLUSTERING,
  profiles: IncidentProfiles = unshared,
): ClusteringDecision {
  const copy = nearDuplicateIn(item, candidates, policy);
  if (copy) return copy.decision;
  if (!item.event) return { kind: 'new-incident' };
  const horizon = item.at.getTime() - policy.windowHours * 3_600_000;
  let best: { scored: Scored; incident: IncidentCandidate; profile: IncidentProfile } | undefined;
  for (const incident of candidates) {
    if (incident.lastActivityAt.getTime() < horizon) continue;
    const profile = profiles.of(incident);
    if (!profile) continue;
    const scored = score(item.event, incident, profile, item.at, policy);
    if (scored && (!best || scored.score > best.scored.score)) best = { scored, incident, profile };
  }
  return best ? attachment(item.event, best.incident, best.profile, best.scored) : { kind: 'new-incident' };
}

/** Features of an item as clustering@2 keeps them; clustering@1's features with the event's. */
export type EventClusterFeatures = ClusterFeatures & { readonly event: EventFeatures };
