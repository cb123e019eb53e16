import {
  eventCatalogue,
  IncidentDetected,
  IncidentHeatChanged,
  IncidentMergedInto,
  IncidentsMerged,
  IncidentSplit,
  ItemCaptured,
  ReportOverdue,
  type EventData,
  type ReachTier,
  type ReportKind,
} from '@yuqing/contracts';
import { uuidv7 } from '@yuqing/event-store';
import type { InboxEvent } from '@yuqing/service-kit';

// Test code: events of other contexts as the grading consumer's handler receives them from Kafka, validated by their
// contracts, so the service can be driven without ingestion or reporting running.

export function consumed(
  type: string,
  data: unknown,
  options: { orgUnit: string; streamId: string; correlationId?: string },
): InboxEvent {
  const definition = eventCatalogue.get(type, 1);
  return {
    eventId: uuidv7(),
    type,
    schemaVersion: 1,
    source: `/yuqing/${definition.context}`,
    streamId: options.streamId,
    streamPosition: 1,
    time: new Date(),
    orgUnit: options.orgUnit,
    data: definition.parse(data),
    metadata: {
      orgUnit: options.orgUnit,
      actor: { kind: 'service', id: definition.context },
      correlationId: options.correlationId ?? options.streamId,
    },
  };
}

export interface SeededItem {
  readonly itemId: string;
  readonly reachTier: ReachTier;
  readonly outlet: string;
  readonly platform?: EventData<typeof ItemCaptured>['platform'];
  readonly title?: string;
  readonly polarity?: 'negative' | 'neutral' | 'positive';
}

/** An item captured and the incident formed from it, as ingestion publishes them. */
export function incidentFormed(orgUnit: string, incidentId: string, item: SeededItem): InboxEvent[] {
  const now = new Date().toISOString();
  const title = item.title ?? '网民反映小区停水三天无人处理';
  return [
    consumed(
      ItemCaptured.type,
      {
        itemId: item.itemId,
        url: `https://bbs.example.cn/thread/${item.itemId}`,
        platform: item.platform ?? 'forum',
        reachTier: item.reachTier,
        outlet: item.outlet,
        title,
        text: `${title}。`,
        captureMethod: 'manual',
        capturedAt: now,
        contentHash: '0'.repeat(64),
        canonicalUrl: `https://bbs.example.cn/thread/${item.itemId}`,
        fingerprint: '0123456789abcdef',
        matchedRules: [],
        matchedTerms: [],
        sentiment: { polarity: item.polarity ?? 'negative', score: -0.5, decidingWords: [] },
      },
      { orgUnit, streamId: `ingestion-item-${item.itemId}` },
    ),
    consumed(
      IncidentDetected.type,
      { incidentId, title, itemIds: [item.itemId], detectedAt: now },
      { orgUnit, streamId: `ingestion-incident-${incidentId}` },
    ),
  ];
}

export function heatChanged(
  orgUnit: string,
  incidentId: string,
  heatIndex: number,
  previousHeatIndex: number,
  measuredAt = new Date(),
): InboxEvent {
  return consumed(
    IncidentHeatChanged.type,
    {
      incidentId,
      heatIndex,
      previousHeatIndex,
      itemCount: 1,
      engagement: { views: 0, reposts: 0, comments: 0, likes: 0 },
      widestReach: 'city-site',
      measuredAt: measuredAt.toISOString(),
      ruleSetVersion: 'heat@1',
    },
    { orgUnit, streamId: `ingestion-incident-${incidentId}` },
  );
}

export function reportOverdue(
  orgUnit: string,
  incidentId: string,
  kind: ReportKind,
  dueAt: Date,
): InboxEvent {
  return consumed(
    ReportOverdue.type,
    {
      obligationId: uuidv7(),
      incidentId,
      kind,
      dueAt: dueAt.toISOString(),
      ruleSetVersion: 'reporting-rules@test',
    },
    { orgUnit, streamId: `reporting-obligation-${uuidv7()}` },
  );
}

/** A monitor merged `mergedIncidentId` into `incidentId` (合并), as ingestion publishes it: both streams' events. */
export function incidentsMerged(
  orgUnit: string,
  incidentId: string,
  mergedIncidentId: string,
  itemIds: readonly string[],
): { merged: InboxEvent; mergedInto: InboxEvent } {
  const reason = '同一事件的不同报道';
  return {
    merged: consumed(
      IncidentsMerged.type,
      {
        incidentId,
        mergedIncidentId,
        itemIds,
        mergedDetectedAt: new Date().toISOString(),
        reason,
      },
      { orgUnit, streamId: `ingestion-incident-${incidentId}` },
    ),
    mergedInto: consumed(
      IncidentMergedInto.type,
      { incidentId: mergedIncidentId, intoIncidentId: incidentId, itemIds, reason },
      { orgUnit, streamId: `ingestion-incident-${mergedIncidentId}` },
    ),
  };
}

/** A monitor split items off `incidentId` into `newIncidentId` (拆分): the original's event and the new detection. */
export function incidentSplit(
  orgUnit: string,
  incidentId: string,
  newIncidentId: string,
  itemIds: readonly string[],
): { split: InboxEvent; detected: InboxEvent } {
  return {
    split: consumed(
      IncidentSplit.type,
      { incidentId, newIncidentId, itemIds, reason: '两起不同事件' },
      { orgUnit, streamId: `ingestion-incident-${incidentId}` },
    ),
    detected: consumed(
      IncidentDetected.type,
      {
        incidentId: newIncidentId,
        title: '拆分出的事件',
        itemIds,
        detectedAt: new Date().toISOString(),
        splitFromIncidentId: incidentId,
      },
      { orgUnit, streamId: `ingestion-incident-${newIncidentId}` },
    ),
  };
}
