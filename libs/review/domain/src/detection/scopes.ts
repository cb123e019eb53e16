import type { Fact } from '../facts';

// Where a fact is kept. Detectors read one scope at a time: an incident's facts, or a transfer's, a guidance
// proposal's, an unapproved-release check's. An item's facts wait in a staging scope (`item:`) until the item is
// put in an incident, and go into that incident's scope from then on; detectors never read a staging scope.

export const STAGING_PREFIX = 'item:';

export function isStaging(scope: string): boolean {
  return scope.startsWith(STAGING_PREFIX);
}

/** The scope a fact belongs to by itself (an item's fact: its staging scope), or none. */
export function directScope(fact: Fact): string | undefined {
  const d = fact.data as Record<string, unknown>;
  const str = (key: string) => (typeof d[key] === 'string' ? (d[key] as string) : undefined);
  switch (fact.type) {
    case 'guidance.UnapprovedReleaseDetected':
      return `release-check:${str('itemId')}`;
    case 'guidance.OnlineGuidanceProposed':
    case 'guidance.GuidanceTaskOverdue':
      return `proposal:${str('proposalId')}`;
    default:
      break;
  }
  if (str('transferId')) return `transfer:${str('transferId')}`;
  if (str('incidentId')) return `incident:${str('incidentId')}`;
  if (fact.type.startsWith('ingestion.') && str('itemId')) return `${STAGING_PREFIX}${str('itemId')}`;
  return undefined;
}

/** The items a fact puts in its incident (detection with its first items, or an attachment). */
export function itemsAttached(fact: Fact): { incidentId: string; itemIds: readonly string[] } | undefined {
  const d = fact.data as { incidentId?: string; itemId?: string; itemIds?: readonly string[] };
  if (fact.type === 'ingestion.IncidentDetected' && d.incidentId && d.itemIds)
    return { incidentId: d.incidentId, itemIds: d.itemIds };
  if (fact.type === 'ingestion.ItemAttachedToIncident' && d.incidentId && d.itemId)
    return { incidentId: d.incidentId, itemIds: [d.itemId] };
  return undefined;
}
