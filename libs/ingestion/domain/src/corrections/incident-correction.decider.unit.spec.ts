import {
  DomainRuleError,
  IncidentDetected,
  IncidentHeatChanged,
  IncidentMergedInto,
  IncidentsMerged,
  IncidentSplit,
  ItemAttachedToIncident,
  ItemDetachedFromIncident,
  type NewEvent,
  type RecordedEvent,
} from '@yuqing/contracts';
import { heatFromState, heatStateOf, measureHeat } from '../heat/heat-index';
import {
  decideMerge,
  decideMove,
  decideSplit,
  evolveIncidentCorrection,
  initialIncidentCorrectionState,
  itemsOf,
  type IncidentEvents,
  type IncidentItem,
} from './incident-correction.decider';

const YILIANG = 'cn.yn.km.yl';
const SHILIN = 'cn.yn.km.sl';
const at = (minutes: number) => new Date(Date.parse('2026-11-25T02:00:00Z') + minutes * 60_000);
const now = at(120);
const reason = '同一事件的不同报道';

/** Items by id: every item the tests name, with what heat weighs. */
const items = new Map<string, IncidentItem>(
  (
    [
      ['a1', '宜良县某路段路面塌陷', 'local', 0, { views: 1200 }],
      ['a2', '宜良县路面塌陷 一辆货车陷入', 'individual-account', 5],
      ['a3', '宜良县城区道路塌陷 交警已封路', 'city-site', 10, { comments: 30 }],
      ['b1', '宜良县道路塌陷后续：已开始抢修', 'provincial-media', 20, { reposts: 12 }],
      ['b2', '宜良县抢修塌陷路段', 'local', 30],
      ['c1', '石林县景区门票涨价引热议', 'local', 15],
    ] as const
  ).map(([itemId, title, reachTier, minute, engagement]) => [
    itemId,
    { itemId, title, reachTier, capturedAt: at(minute), ...(engagement ? { engagement } : {}) },
  ]),
);

let position = 0;
/** One recorded event of an incident's stream, in the unit given. */
function recorded(event: NewEvent, orgUnit = YILIANG): RecordedEvent {
  position++;
  return {
    eventId: `e${position}`,
    type: event.type,
    schemaVersion: 1,
    streamId: 'ingestion-incident-x',
    streamPosition: position,
    globalPosition: String(position),
    transactionId: String(position),
    data: event.data,
    metadata: { orgUnit, actor: { kind: 'service', id: 'ingestion' }, correlationId: 'c' },
    recordedAt: at(position),
  };
}

const given = (events: readonly NewEvent[], orgUnit = YILIANG) =>
  events.map((e) => recorded(e, orgUnit)).reduce(evolveIncidentCorrection, initialIncidentCorrectionState());

const detected = (incidentId: string, itemIds: string[], minute: number) =>
  IncidentDetected.create({
    incidentId,
    title: items.get(itemIds[0]!)!.title,
    itemIds,
    detectedAt: at(minute).toISOString(),
  });
const attached = (incidentId: string, itemId: string) =>
  ItemAttachedToIncident.create({ itemId, incidentId, relation: 'related', similarity: 0.6 });
const heat = (incidentId: string, heatIndex: number) =>
  IncidentHeatChanged.create({
    incidentId,
    heatIndex,
    previousHeatIndex: 0,
    itemCount: 1,
    engagement: { views: 0, reposts: 0, comments: 0, likes: 0 },
    widestReach: 'local',
    measuredAt: at(0).toISOString(),
    ruleSetVersion: 'heat@2',
  });

/** Incident A (a1, a2, a3) and B (b1, b2) of 宜良县; C (c1) of 石林县. */
const incidentA = () =>
  given([detected('A', ['a1'], 0), attached('A', 'a2'), attached('A', 'a3'), heat('A', 21.5)]);
const incidentB = () => given([detected('B', ['b1'], 20), attached('B', 'b2'), heat('B', 30)]);
const incidentC = () => given([detected('C', ['c1'], 15)], SHILIN);

/** The heat an incident of these items has now, measured from the items themselves. */
const heatOver = (...ids: string[]) =>
  measureHeat(
    ids.map((id) => {
      const item = items.get(id)!;
      return { reachTier: item.reachTier, engagement: item.engagement ?? {}, at: item.capturedAt };
    }),
    now,
  );

const streamOf = (decision: IncidentEvents[], incidentId: string) =>
  decision.find((d) => d.incidentId === incidentId)!;
const typesOf = (decision: IncidentEvents[]) =>
  decision.map((d) => [d.incidentId, d.created, d.events.map((e) => e.type)]);

function refusal(decide: () => unknown): string {
  try {
    decide();
  } catch (error) {
    if (error instanceof DomainRuleError) return error.rule;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('folding an incident stream', () => {
  it('knows the items an incident holds after detections, attachments, moves, merges and splits', () => {
    const state = given([
      detected('A', ['a1'], 0),
      attached('A', 'a2'),
      attached('A', 'a3'),
      ItemDetachedFromIncident.create({ itemId: 'a2', incidentId: 'A', movedToIncidentId: 'B', reason }),
      IncidentsMerged.create({
        incidentId: 'A',
        mergedIncidentId: 'B',
        itemIds: ['b1', 'b2'],
        mergedDetectedAt: at(-30).toISOString(),
        reason,
      }),
      IncidentSplit.create({ incidentId: 'A', newIncidentId: 'N', itemIds: ['a3'], reason }),
    ]);
    expect(itemsOf(state)).toEqual(['a1', 'b1', 'b2']);
    expect(state).toMatchObject({ status: 'open', orgUnit: YILIANG, detectedAt: at(-30).toISOString() });
    const closed = given([
      detected('B', ['b1'], 20),
      IncidentMergedInto.create({ incidentId: 'B', intoIncidentId: 'A', itemIds: ['b1'], reason }),
    ]);
    expect(closed).toMatchObject({ status: 'merged', mergedInto: 'A' });
    expect(itemsOf(closed)).toEqual([]);
  });

  it('heat from scratch equals heat measured over the items (heatStateOf, heat@2)', () => {
    const ids = ['a1', 'a2', 'a3', 'b1'];
    const state = heatStateOf(
      ids.map((id) => ({ ...items.get(id)!, at: items.get(id)!.capturedAt })),
      at(0),
    );
    expect(heatFromState(state, now)).toBe(heatOver(...ids).heatIndex);
  });
});

describe('moving an item to another incident (改归)', () => {
  it('given A with three items and B with two, when a3 moves to B, then A detaches it and B attaches it by hand, both re-measured', () => {
    const decision = decideMove(
      { kind: 'move', itemId: 'a3', toIncidentId: 'B', reason, now },
      incidentA(),
      incidentB(),
      items,
    );
    expect(typesOf(decision)).toEqual([
      ['A', false, ['ingestion.ItemDetachedFromIncident', 'ingestion.IncidentHeatChanged']],
      ['B', false, ['ingestion.ItemAttachedToIncident', 'ingestion.IncidentHeatChanged']],
    ]);
    const [detached, heatA] = streamOf(decision, 'A').events;
    const [attachedToB, heatB] = streamOf(decision, 'B').events;
    expect(ItemDetachedFromIncident.parse(detached!.data)).toEqual({
      itemId: 'a3',
      incidentId: 'A',
      movedToIncidentId: 'B',
      reason,
    });
    expect(ItemAttachedToIncident.parse(attachedToB!.data)).toEqual({
      itemId: 'a3',
      incidentId: 'B',
      relation: 'manual',
      movedFromIncidentId: 'A',
      reason,
    });
    const a = heatOver('a1', 'a2');
    expect(IncidentHeatChanged.parse(heatA!.data)).toEqual({
      incidentId: 'A',
      heatIndex: a.heatIndex,
      previousHeatIndex: 21.5,
      itemCount: 2,
      engagement: { views: 1200, reposts: 0, comments: 0, likes: 0 },
      widestReach: 'local',
      measuredAt: now.toISOString(),
      ruleSetVersion: 'heat@2',
    });
    const b = heatOver('b1', 'b2', 'a3');
    expect(IncidentHeatChanged.parse(heatB!.data)).toMatchObject({
      heatIndex: b.heatIndex,
      previousHeatIndex: 30,
      itemCount: 3,
      engagement: { views: 0, reposts: 12, comments: 30, likes: 0 },
      widestReach: 'provincial-media',
    });
  });

  it.each([
    ['an item into its own incident', 'a1', 'A', () => incidentA(), 'ingestion.same-incident'],
    ['into an incident of another unit', 'a1', 'C', () => incidentC(), 'ingestion.different-org-unit'],
    ['an item the incident does not hold', 'b1', 'B', () => incidentB(), 'ingestion.item-not-in-incident'],
    [
      'into a closed incident',
      'a1',
      'B',
      () =>
        given([
          detected('B', ['b1'], 20),
          IncidentMergedInto.create({ incidentId: 'B', intoIncidentId: 'D', itemIds: ['b1'], reason }),
        ]),
      'ingestion.incident-closed',
    ],
    ['into an incident never detected', 'a1', 'Z', () => given([]), 'ingestion.incident-not-found'],
  ])('refuses to move %s', (_what, itemId, toIncidentId, target, rule) => {
    expect(
      refusal(() =>
        decideMove({ kind: 'move', itemId, toIncidentId, reason, now }, incidentA(), target(), items),
      ),
    ).toBe(rule);
  });

  it('refuses to move the only item of an incident: that is a merge', () => {
    const lone = given([detected('C', ['c1'], 15)]);
    expect(
      refusal(() =>
        decideMove({ kind: 'move', itemId: 'c1', toIncidentId: 'B', reason, now }, lone, incidentB(), items),
      ),
    ).toBe('ingestion.move-takes-last-item');
  });
});

describe('merging two incidents of one event (合并)', () => {
  it('given A detected at 0 and B at 20, when B merges into A, then A takes every item of B and keeps the earlier detection, and B closes', () => {
    const decision = decideMerge(
      { kind: 'merge', mergedIncidentId: 'B', reason, now },
      incidentA(),
      incidentB(),
      items,
    );
    expect(typesOf(decision)).toEqual([
      ['A', false, ['ingestion.IncidentsMerged', 'ingestion.IncidentHeatChanged']],
      ['B', false, ['ingestion.IncidentMergedInto']],
    ]);
    const [merged, heatA] = streamOf(decision, 'A').events;
    expect(IncidentsMerged.parse(merged!.data)).toEqual({
      incidentId: 'A',
      mergedIncidentId: 'B',
      itemIds: ['b1', 'b2'],
      mergedDetectedAt: at(20).toISOString(),
      reason,
    });
    expect(IncidentMergedInto.parse(streamOf(decision, 'B').events[0]!.data)).toEqual({
      incidentId: 'B',
      intoIncidentId: 'A',
      itemIds: ['b1', 'b2'],
      reason,
    });
    expect(IncidentHeatChanged.parse(heatA!.data)).toMatchObject({
      heatIndex: heatOver('a1', 'a2', 'a3', 'b1', 'b2').heatIndex,
      previousHeatIndex: 21.5,
      itemCount: 5,
      widestReach: 'provincial-media',
    });
  });

  it('keeps the merged incident’s detection when it was the earlier one', () => {
    const later = given([detected('A', ['a1'], 40)]);
    const decision = decideMerge(
      { kind: 'merge', mergedIncidentId: 'B', reason, now },
      later,
      incidentB(),
      items,
    );
    const heatA = streamOf(decision, 'A').events[1]!;
    // Heat is measured from the earlier detection; the read model's detected_at follows mergedDetectedAt.
    expect((heatA.data as { itemCount: number }).itemCount).toBe(3);
    const folded = [...streamOf(decision, 'A').events]
      .map((e) => recorded(e))
      .reduce(evolveIncidentCorrection, later);
    expect(folded.detectedAt).toBe(at(20).toISOString());
  });

  it.each([
    ['into itself', () => incidentA(), 'A', 'ingestion.same-incident'],
    ['an incident of another unit', () => incidentC(), 'C', 'ingestion.different-org-unit'],
    [
      'an incident already merged',
      () =>
        given([
          detected('B', ['b1'], 20),
          IncidentMergedInto.create({ incidentId: 'B', intoIncidentId: 'D', itemIds: ['b1'], reason }),
        ]),
      'B',
      'ingestion.incident-closed',
    ],
    ['an incident never detected', () => given([]), 'Z', 'ingestion.incident-not-found'],
  ])('refuses to merge %s', (_what, merged, mergedIncidentId, rule) => {
    expect(
      refusal(() =>
        decideMerge({ kind: 'merge', mergedIncidentId, reason, now }, incidentA(), merged(), items),
      ),
    ).toBe(rule);
  });

  it('refuses a merge into a closed incident', () => {
    const closed = given([
      detected('A', ['a1'], 0),
      IncidentMergedInto.create({ incidentId: 'A', intoIncidentId: 'D', itemIds: ['a1'], reason }),
    ]);
    expect(
      refusal(() =>
        decideMerge({ kind: 'merge', mergedIncidentId: 'B', reason, now }, closed, incidentB(), items),
      ),
    ).toBe('ingestion.incident-closed');
  });
});

describe('splitting items off into a new incident (拆分)', () => {
  const split = (itemIds: string[], title?: string) =>
    decideSplit(
      { kind: 'split', newIncidentId: 'N', itemIds, ...(title ? { title } : {}), reason, now },
      incidentA(),
      items,
    );

  it('given A with three items, when a3 and a2 split off, then a new incident starts from them with their heat, detected at the earliest capture, and A keeps a1', () => {
    const decision = split(['a3', 'a2']);
    expect(typesOf(decision)).toEqual([
      ['A', false, ['ingestion.IncidentSplit', 'ingestion.IncidentHeatChanged']],
      ['N', true, ['ingestion.IncidentDetected', 'ingestion.IncidentHeatChanged']],
    ]);
    const [splitEvent, heatA] = streamOf(decision, 'A').events;
    const [detectedN, heatN] = streamOf(decision, 'N').events;
    expect(IncidentSplit.parse(splitEvent!.data)).toEqual({
      incidentId: 'A',
      newIncidentId: 'N',
      itemIds: ['a2', 'a3'],
      reason,
    });
    expect(IncidentDetected.parse(detectedN!.data)).toEqual({
      incidentId: 'N',
      title: '宜良县路面塌陷 一辆货车陷入',
      itemIds: ['a2', 'a3'],
      detectedAt: at(5).toISOString(),
      splitFromIncidentId: 'A',
    });
    expect(IncidentHeatChanged.parse(heatA!.data)).toMatchObject({
      heatIndex: heatOver('a1').heatIndex,
      previousHeatIndex: 21.5,
      itemCount: 1,
    });
    expect(IncidentHeatChanged.parse(heatN!.data)).toMatchObject({
      heatIndex: heatOver('a2', 'a3').heatIndex,
      previousHeatIndex: 0,
      itemCount: 2,
      widestReach: 'city-site',
    });
  });

  it('names the new incident as the monitor says', () => {
    const detectedN = streamOf(split(['a2'], '货车陷入塌陷路段'), 'N').events[0]!;
    expect((detectedN.data as { title: string }).title).toBe('货车陷入塌陷路段');
  });

  it.each([
    [['a1', 'a2', 'a3'], 'ingestion.split-takes-all-items'],
    [['a1', 'a2', 'a3', 'a1'], 'ingestion.split-takes-all-items'],
    [['a2', 'b1'], 'ingestion.item-not-in-incident'],
  ])('refuses to split off %j (%s)', (itemIds, rule) => {
    expect(refusal(() => split(itemIds))).toBe(rule);
  });

  it('refuses to split a closed incident', () => {
    const closed = given([
      detected('A', ['a1'], 0),
      attached('A', 'a2'),
      IncidentMergedInto.create({ incidentId: 'A', intoIncidentId: 'D', itemIds: ['a1', 'a2'], reason }),
    ]);
    expect(
      refusal(() =>
        decideSplit({ kind: 'split', newIncidentId: 'N', itemIds: ['a2'], reason, now }, closed, items),
      ),
    ).toBe('ingestion.incident-closed');
  });
});
