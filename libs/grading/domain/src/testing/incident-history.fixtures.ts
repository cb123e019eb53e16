import {
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
  type EventMetadata,
  type NewEvent,
  type Platform,
  type ReachTier,
  type RecordedEvent,
  type ReportKind,
} from '@yuqing/contracts';
import {
  evolveIncidentGrade,
  initialIncidentGradeState,
  type IncidentGradeState,
} from '../incident-grade.decider';

// Test fixtures: an incident's history as grading receives it, each fact validated by its contract, so the tests
// feed the decider exactly what the other contexts publish.

const metadata: EventMetadata = {
  orgUnit: 'cn.yn.yx.hn',
  actor: { kind: 'service', id: 'ingestion' },
  correlationId: 'corr-1',
};

export interface CaptureOptions {
  readonly reachTier: ReachTier;
  readonly outlet: string;
  readonly platform?: Platform;
  readonly title?: string;
  readonly polarity?: 'negative' | 'neutral' | 'positive';
}

/** Builds one incident's history; event ids are `<incident>-e<n>` in order. */
export class IncidentHistory {
  readonly events: RecordedEvent[] = [];

  constructor(readonly incidentId = 'inc-1') {}

  /** The last event recorded. */
  get last(): RecordedEvent {
    return this.events[this.events.length - 1]!;
  }

  state(): IncidentGradeState {
    return this.events.reduce(evolveIncidentGrade, initialIncidentGradeState());
  }

  /** Records new events (a decider's output) as if appended. */
  record(events: readonly NewEvent[]): this {
    for (const event of events) this.push(event.type, event.data);
    return this;
  }

  /** An item captured and the incident formed from it (or the item attached, if the incident exists). */
  item(itemId: string, options: CaptureOptions): this {
    this.captured(itemId, options);
    const detected = this.events.some((e) => e.type === IncidentDetected.type);
    if (!detected) {
      return this.add(
        IncidentDetected.create({
          incidentId: this.incidentId,
          title: options.title ?? '网民反映问题',
          itemIds: [itemId],
          detectedAt: '2026-03-02T08:00:00+08:00',
        }),
      );
    }
    return this.add(
      ItemAttachedToIncident.create({ itemId, incidentId: this.incidentId, relation: 'related' }),
    );
  }

  captured(itemId: string, options: CaptureOptions): this {
    return this.add(
      ItemCaptured.create({
        itemId,
        url: `https://example.cn/${itemId}`,
        platform: options.platform ?? 'news-site',
        reachTier: options.reachTier,
        outlet: options.outlet,
        title: options.title ?? '华宁县某路段塌方致交通中断',
        text: '网民反映华宁县某路段塌方，交通中断多日无人处理。',
        captureMethod: 'crawler',
        capturedAt: '2026-03-02T08:00:00+08:00',
        contentHash: '0'.repeat(64),
        canonicalUrl: `https://example.cn/${itemId}`,
        fingerprint: '0123456789abcdef',
        matchedRules: [],
        matchedTerms: ['华宁'],
        sentiment: { polarity: options.polarity ?? 'negative', score: -0.6, decidingWords: [] },
      }),
    );
  }

  heat(heatIndex: number, previousHeatIndex: number, measuredAt: string): this {
    return this.add(
      IncidentHeatChanged.create({
        incidentId: this.incidentId,
        heatIndex,
        previousHeatIndex,
        itemCount: 1,
        engagement: { views: 1000 },
        widestReach: 'city-site',
        measuredAt,
        ruleSetVersion: 'heat@1',
      }),
    );
  }

  overdue(kind: ReportKind, dueAt: string, obligationId = 'obl-1'): this {
    return this.add(
      ReportOverdue.create({
        obligationId,
        incidentId: this.incidentId,
        kind,
        dueAt,
        ruleSetVersion: 'reporting-rules@2026-01',
      }),
    );
  }

  /** A monitor merged `mergedIncidentId` (with its items) into this incident (合并). */
  merged(mergedIncidentId: string, itemIds: readonly string[]): this {
    return this.add(
      IncidentsMerged.create({
        incidentId: this.incidentId,
        mergedIncidentId,
        itemIds: [...itemIds],
        mergedDetectedAt: '2026-03-02T07:30:00+08:00',
        reason: '同一事件的不同报道',
      }),
    );
  }

  /** A monitor merged this incident into `intoIncidentId` (合并): it is closed. */
  mergedInto(intoIncidentId: string, itemIds: readonly string[]): this {
    return this.add(
      IncidentMergedInto.create({
        incidentId: this.incidentId,
        intoIncidentId,
        itemIds: [...itemIds],
        reason: '同一事件的不同报道',
      }),
    );
  }

  /** A monitor split items off this incident into `newIncidentId` (拆分). */
  split(newIncidentId: string, itemIds: readonly string[]): this {
    return this.add(
      IncidentSplit.create({
        incidentId: this.incidentId,
        newIncidentId,
        itemIds: [...itemIds],
        reason: '两起不同事件',
      }),
    );
  }

  /** This incident was split off `fromIncidentId` with these items (IncidentDetected, splitFromIncidentId set). */
  splitOff(fromIncidentId: string, itemIds: readonly string[]): this {
    return this.add(
      IncidentDetected.create({
        incidentId: this.incidentId,
        title: '拆分出的事件',
        itemIds: [...itemIds],
        detectedAt: '2026-03-02T10:00:00+08:00',
        splitFromIncidentId: fromIncidentId,
      }),
    );
  }

  /** A monitor moved an item out of this incident into `toIncidentId` (改归). */
  movedOut(itemId: string, toIncidentId: string): this {
    return this.add(
      ItemDetachedFromIncident.create({
        itemId,
        incidentId: this.incidentId,
        movedToIncidentId: toIncidentId,
        reason: '与本事件无关',
      }),
    );
  }

  /** A monitor moved an item into this incident from `fromIncidentId` (改归). */
  movedIn(itemId: string, fromIncidentId: string): this {
    return this.add(
      ItemAttachedToIncident.create({
        itemId,
        incidentId: this.incidentId,
        relation: 'manual',
        movedFromIncidentId: fromIncidentId,
        reason: '同一事件',
      }),
    );
  }

  dismissed(itemId: string): this {
    return this.add(
      ItemDismissed.create({
        itemId,
        incidentId: this.incidentId,
        reason: 'fabricated',
        explanation: '图片系外地旧闻，经比对为2019年外省照片。',
        evidence: [],
      }),
    );
  }

  private add(event: NewEvent): this {
    return this.push(event.type, event.data);
  }

  private push(type: string, data: unknown): this {
    const position = this.events.length + 1;
    this.events.push({
      eventId: `${this.incidentId}-e${position}`,
      type,
      schemaVersion: 1,
      streamId: `grading-incident-${this.incidentId}`,
      streamPosition: position,
      globalPosition: String(position),
      transactionId: '1',
      data,
      metadata,
      recordedAt: new Date(Date.UTC(2026, 2, 2, 0, position)),
    });
    return this;
  }
}
