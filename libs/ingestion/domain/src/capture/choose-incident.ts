import type { EventData, ItemAttachedToIncident } from '@yuqing/contracts';
import {
  decideCluster,
  DEFAULT_CLUSTERING,
  type ClusterItem,
  type ClusteringDecision,
  type ClusteringMatch,
  type IncidentCandidate,
} from '../clustering/clustering';
import {
  decideEventCluster,
  EVENT_CLUSTERING,
  nearDuplicateIn,
  type IncidentProfiles,
} from '../clustering/event-clustering';
import type { EventFeatures } from '../clustering/event-features';

/**
 * Which clustering decides: clustering@2 (the same event in other words) by default; clustering@1 (copies,
 * reposts and heavy word overlap) stays for comparison (npm run eval:clustering) and for replaying old decisions.
 */
export type ClusteringVersion = 'clustering@1' | 'clustering@2';

/**
 * How many items of an open incident clustering compares a new item with (the most recent ones): clustering@2
 * reads more of each item, and on the labelled set 4 decide as well as 12.
 */
export const ITEMS_PER_INCIDENT: Readonly<Record<ClusteringVersion, number>> = {
  'clustering@1': 12,
  'clustering@2': 8,
};

/** How long an incident stays open to new items after its last one. */
export function clusteringWindowHours(version: ClusteringVersion): number {
  return version === 'clustering@1' ? DEFAULT_CLUSTERING.windowHours : EVENT_CLUSTERING.windowHours;
}

/** The rule-set version clustering's events record. */
export function clusteringRuleSetVersion(version: ClusteringVersion): string {
  return version === 'clustering@1' ? DEFAULT_CLUSTERING.version : EVENT_CLUSTERING.version;
}

/** What clustering decided for an item, and the item as the incidents keep it (with its event, for @2). */
export interface ChosenIncident {
  readonly decision: ClusteringDecision;
  readonly item: ClusterItem;
}

/**
 * Chooses the open incident an item joins, or none (a new incident). clustering@2 reduces the item to its event
 * (`eventFeatures`) unless it is a copy of an incident's item: a copy joins that incident and takes the original's
 * event features under its own outlet, since reducing it again would find the same, and most of what crawlers
 * bring are copies.
 */
export function chooseIncident(
  version: ClusteringVersion,
  item: ClusterItem,
  outlet: string,
  incidents: readonly IncidentCandidate[],
  profiles: IncidentProfiles,
  eventFeatures: () => EventFeatures,
): ChosenIncident {
  if (version === 'clustering@1') return { decision: decideCluster(item, incidents), item };
  const copy = nearDuplicateIn(item, incidents);
  const original = copy?.original.event;
  const event = copy ? original && { ...original, outlet: outlet.trim() } : eventFeatures();
  const clustered = event ? { ...item, event } : item;
  return {
    decision: copy?.decision ?? decideEventCluster(clustered, incidents, EVENT_CLUSTERING, profiles),
    item: clustered,
  };
}

/**
 * Records a decided item in the batch's open incidents, so later items of the batch see it: a new incident goes
 * first (the most recent), an attached item becomes its incident's newest of at most `keep`. The incident is
 * replaced, not changed in place: IncidentProfiles keeps a profile while an incident's items are the same array.
 */
export function attach(
  incidents: IncidentCandidate[],
  decision: ClusteringDecision,
  incidentId: string,
  item: ClusterItem,
  now: Date,
  keep: number,
): void {
  if (decision.kind === 'new-incident') {
    incidents.unshift({ incidentId, lastActivityAt: now, items: [item] });
    return;
  }
  const index = incidents.findIndex((candidate) => candidate.incidentId === incidentId);
  const incident = incidents[index]!;
  incidents.splice(index, 1, {
    ...incident,
    lastActivityAt: now,
    items: [item, ...incident.items].slice(0, keep),
  });
}

/** The explanation as the contract bounds it: names cut to their field sizes, at most 20 of each. */
export function explanation(
  matched: ClusteringMatch,
): NonNullable<EventData<typeof ItemAttachedToIncident>['matched']> {
  const name = (value: string) => value.slice(0, 50);
  return {
    places: matched.places.slice(0, 20).map(name),
    terms: matched.terms.slice(0, 20).map(name),
    ...(matched.citedOutlet ? { citedOutlet: matched.citedOutlet.slice(0, 200) } : {}),
    ...(matched.titleSimilarity !== undefined ? { titleSimilarity: matched.titleSimilarity } : {}),
    ...(matched.components ? { components: { ...matched.components } } : {}),
  };
}
