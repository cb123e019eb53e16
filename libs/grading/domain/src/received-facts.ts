import {
  FactReceived,
  IncidentDetected,
  IncidentHeatChanged,
  IncidentMergedInto,
  IncidentsMerged,
  IncidentSplit,
  ItemAttachedToIncident,
  ItemCaptured,
  ItemDetachedFromIncident,
  ItemDismissed,
  ReportOverdue,
  type EventData,
  type ReceivedFact,
} from '@yuqing/contracts';

// The facts of other contexts that grading reacts to, and what of each it keeps. Grading records them in the
// incident's grading stream (FactReceived) in the order it received them, so that folding the stream from zero
// gives exactly the state the service decided on; it keeps only what the 第三条 rules read.

/** The event types of other contexts that grading records. */
export const GRADING_FACT_TYPES: readonly ReceivedFact['type'][] = [
  ItemCaptured.type,
  IncidentDetected.type,
  ItemAttachedToIncident.type,
  ItemDetachedFromIncident.type,
  IncidentsMerged.type,
  IncidentMergedInto.type,
  IncidentSplit.type,
  IncidentHeatChanged.type,
  ItemDismissed.type,
  ReportOverdue.type,
];

/** An event of another context as it arrived (from Kafka, or read back from its store). */
export interface ForeignEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  readonly source: string;
  readonly time: Date;
  readonly data: unknown;
}

/**
 * The fact grading keeps of an event, validated against its contract; undefined for an event grading does not
 * grade on (or a version it does not know). Throws ContractViolationError for a payload that breaks its contract.
 */
export function receivedFactOf(event: ForeignEvent): ReceivedFact | undefined {
  if (event.schemaVersion !== 1) return undefined;
  const origin = {
    eventId: event.eventId,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    source: event.source,
    occurredAt: event.time.toISOString(),
  };
  switch (event.type) {
    case ItemCaptured.type: {
      const d = ItemCaptured.parse(event.data);
      return {
        type: ItemCaptured.type,
        ...origin,
        data: {
          itemId: d.itemId,
          reachTier: d.reachTier,
          outlet: d.outlet,
          platform: d.platform,
          title: d.title.slice(0, 500),
          url: d.url,
          sentiment: { polarity: d.sentiment.polarity },
        },
      };
    }
    case IncidentDetected.type: {
      const d = IncidentDetected.parse(event.data);
      const data = {
        incidentId: d.incidentId,
        title: d.title,
        itemIds: d.itemIds,
        detectedAt: d.detectedAt,
        ...(d.splitFromIncidentId ? { splitFromIncidentId: d.splitFromIncidentId } : {}),
      };
      return { type: IncidentDetected.type, ...origin, data };
    }
    case ItemAttachedToIncident.type: {
      const d = ItemAttachedToIncident.parse(event.data);
      const data = {
        itemId: d.itemId,
        incidentId: d.incidentId,
        relation: d.relation,
        ...(d.movedFromIncidentId ? { movedFromIncidentId: d.movedFromIncidentId } : {}),
      };
      return { type: ItemAttachedToIncident.type, ...origin, data };
    }
    case ItemDetachedFromIncident.type: {
      const d = ItemDetachedFromIncident.parse(event.data);
      const data = {
        itemId: d.itemId,
        incidentId: d.incidentId,
        movedToIncidentId: d.movedToIncidentId,
        reason: d.reason,
      };
      return { type: ItemDetachedFromIncident.type, ...origin, data };
    }
    case IncidentsMerged.type: {
      const d = IncidentsMerged.parse(event.data);
      const data = {
        incidentId: d.incidentId,
        mergedIncidentId: d.mergedIncidentId,
        itemIds: d.itemIds,
        mergedDetectedAt: d.mergedDetectedAt,
        reason: d.reason,
      };
      return { type: IncidentsMerged.type, ...origin, data };
    }
    case IncidentMergedInto.type: {
      const d = IncidentMergedInto.parse(event.data);
      const data = {
        incidentId: d.incidentId,
        intoIncidentId: d.intoIncidentId,
        itemIds: d.itemIds,
        reason: d.reason,
      };
      return { type: IncidentMergedInto.type, ...origin, data };
    }
    case IncidentSplit.type: {
      const d = IncidentSplit.parse(event.data);
      const data = {
        incidentId: d.incidentId,
        newIncidentId: d.newIncidentId,
        itemIds: d.itemIds,
        reason: d.reason,
      };
      return { type: IncidentSplit.type, ...origin, data };
    }
    case IncidentHeatChanged.type: {
      const d = IncidentHeatChanged.parse(event.data);
      const data = {
        incidentId: d.incidentId,
        heatIndex: d.heatIndex,
        previousHeatIndex: d.previousHeatIndex,
        itemCount: d.itemCount,
        widestReach: d.widestReach,
        measuredAt: d.measuredAt,
      };
      return { type: IncidentHeatChanged.type, ...origin, data };
    }
    case ItemDismissed.type: {
      const d = ItemDismissed.parse(event.data);
      const data = {
        itemId: d.itemId,
        reason: d.reason,
        ...(d.incidentId ? { incidentId: d.incidentId } : {}),
      };
      return { type: ItemDismissed.type, ...origin, data };
    }
    case ReportOverdue.type: {
      const d = ReportOverdue.parse(event.data);
      const data = {
        obligationId: d.obligationId,
        incidentId: d.incidentId,
        kind: d.kind,
        dueAt: d.dueAt,
        ruleSetVersion: d.ruleSetVersion,
      };
      return { type: ReportOverdue.type, ...origin, data };
    }
    default:
      return undefined;
  }
}

/** The incident a fact names, if it names one (an item's capture does not: its incident comes with clustering). */
export function incidentOfFact(fact: ReceivedFact): string | undefined {
  return 'incidentId' in fact.data ? fact.data.incidentId : undefined;
}

/** The items a fact concerns: whose incident it tells (detection, attachment, a correction) or which it describes. */
export function itemsOfFact(fact: ReceivedFact): readonly string[] {
  switch (fact.type) {
    case IncidentDetected.type:
    case IncidentsMerged.type:
    case IncidentMergedInto.type:
    case IncidentSplit.type:
      return fact.data.itemIds;
    case ItemAttachedToIncident.type:
    case ItemDetachedFromIncident.type:
    case ItemCaptured.type:
    case ItemDismissed.type:
      return [fact.data.itemId];
    default:
      return [];
  }
}

/**
 * Where a fact says its items belong now, if it says so: the incident they were detected in or attached to, or,
 * for a monitor's correction (改归, 合并, 拆分), the incident they went to. `corrects` is true for a correction:
 * it moves items already routed, where clustering only routes items not yet routed (the first decision stands
 * against a stale automatic one read late from another partition).
 */
export function routeOfFact(
  fact: ReceivedFact,
):
  | { readonly incidentId: string; readonly itemIds: readonly string[]; readonly corrects: boolean }
  | undefined {
  switch (fact.type) {
    case IncidentDetected.type:
      return {
        incidentId: fact.data.incidentId,
        itemIds: fact.data.itemIds,
        corrects: fact.data.splitFromIncidentId !== undefined,
      };
    case ItemAttachedToIncident.type:
      return {
        incidentId: fact.data.incidentId,
        itemIds: [fact.data.itemId],
        corrects: fact.data.relation === 'manual',
      };
    case ItemDetachedFromIncident.type:
      return { incidentId: fact.data.movedToIncidentId, itemIds: [fact.data.itemId], corrects: true };
    case IncidentsMerged.type:
      return { incidentId: fact.data.incidentId, itemIds: fact.data.itemIds, corrects: true };
    case IncidentMergedInto.type:
      return { incidentId: fact.data.intoIncidentId, itemIds: fact.data.itemIds, corrects: true };
    case IncidentSplit.type:
      return { incidentId: fact.data.newIncidentId, itemIds: fact.data.itemIds, corrects: true };
    default:
      return undefined;
  }
}

/**
 * Whether a fact brings items into the incident it names (detection, attachment, a merge's survivor): their
 * captures, kept aside or recorded elsewhere, are then recorded in its stream with it.
 */
export function joinsItems(fact: ReceivedFact): boolean {
  return (
    fact.type === IncidentDetected.type ||
    fact.type === ItemAttachedToIncident.type ||
    fact.type === IncidentsMerged.type
  );
}

/** The FactReceived event that records `fact` in `incidentId`'s grading stream. */
export function recordFact(incidentId: string, fact: ReceivedFact) {
  return FactReceived.create({ incidentId, fact } satisfies EventData<typeof FactReceived>);
}

/** The original event ids already recorded in a grading stream (so a redelivered fact is recorded once). */
export function recordedFactIds(events: readonly { type: string; data: unknown }[]): Set<string> {
  const ids = new Set<string>();
  for (const event of events) {
    if (event.type === FactReceived.type)
      ids.add((event.data as EventData<typeof FactReceived>).fact.eventId);
  }
  return ids;
}
