import { clusterFeatures, type ClusterItem, type IncidentCandidate } from '../clustering/clustering';
import { IncidentProfiles } from '../clustering/event-clustering';
import type { EventFeatures } from '../clustering/event-features';
import { simhash } from '../dedup/simhash';
import {
  attach,
  chooseIncident,
  clusteringRuleSetVersion,
  clusteringWindowHours,
  explanation,
  ITEMS_PER_INCIDENT,
} from './choose-incident';

const now = new Date('2026-11-25T10:00:00+08:00');
const words = [
  '西山区',
  '碧鸡',
  '街道',
  '河道',
  '污染',
  '严重',
  '居民',
  '投诉',
  '无人',
  '处理',
  '河水',
  '发黑',
];
const item = (itemId: string, w: readonly string[] = words, title = '西山区河道污染'): ClusterItem => ({
  itemId,
  at: now,
  ...clusterFeatures(title, w, simhash(w)),
});
const noEvent = (): EventFeatures => {
  throw new Error('clustering@1 reads no event');
};

describe('choosing the incident an item joins', () => {
  it("knows each version's window, rule-set version and how many items it compares", () => {
    expect(clusteringWindowHours('clustering@1')).toBe(72);
    expect(clusteringRuleSetVersion('clustering@1')).toBe('clustering@1');
    expect(clusteringRuleSetVersion('clustering@2')).toBe('clustering@2');
    expect(ITEMS_PER_INCIDENT).toEqual({ 'clustering@1': 12, 'clustering@2': 8 });
  });

  it('given no open incident, when an item comes, then a new incident', () => {
    const chosen = chooseIncident('clustering@1', item('a'), '论坛', [], new IncidentProfiles(), noEvent);
    expect(chosen.decision).toEqual({ kind: 'new-incident' });
  });

  it('given an open incident with a copy of the item, when it comes, then it joins as a near-duplicate', () => {
    const incidents: IncidentCandidate[] = [{ incidentId: 'inc-1', lastActivityAt: now, items: [item('a')] }];
    const chosen = chooseIncident(
      'clustering@1',
      item('b'),
      '论坛',
      incidents,
      new IncidentProfiles(),
      noEvent,
    );
    expect(chosen.decision).toMatchObject({
      kind: 'attach',
      incidentId: 'inc-1',
      relation: 'near-duplicate',
    });
  });

  it("clustering@2: a copy takes its original's event features under its own outlet, without reducing it again", () => {
    const event = { outlet: '原网站' } as unknown as EventFeatures;
    const original = { ...item('a'), event };
    const incidents: IncidentCandidate[] = [{ incidentId: 'inc-1', lastActivityAt: now, items: [original] }];
    const chosen = chooseIncident(
      'clustering@2',
      item('b'),
      ' 转载站 ',
      incidents,
      new IncidentProfiles(),
      noEvent,
    );
    expect(chosen.decision).toMatchObject({ kind: 'attach', incidentId: 'inc-1' });
    expect(chosen.item.event).toEqual({ outlet: '转载站' });
  });
});

describe("attaching a decided item to the batch's incidents", () => {
  it('when a new incident is decided, then it goes first with the item', () => {
    const incidents: IncidentCandidate[] = [{ incidentId: 'old', lastActivityAt: new Date(0), items: [] }];
    attach(incidents, { kind: 'new-incident' }, 'new', item('a'), now, 8);
    expect(incidents.map((i) => i.incidentId)).toEqual(['new', 'old']);
    expect(incidents[0]).toEqual({ incidentId: 'new', lastActivityAt: now, items: [item('a')] });
  });

  it('when an item joins, then it becomes the newest of at most `keep`, in a new array (profiles notice)', () => {
    const before = [item('x'), item('y')];
    const incidents: IncidentCandidate[] = [
      { incidentId: 'other', lastActivityAt: new Date(0), items: [] },
      { incidentId: 'inc-1', lastActivityAt: new Date(0), items: before },
    ];
    const joining = item('z');
    attach(
      incidents,
      { kind: 'attach', incidentId: 'inc-1', relation: 'related', similarity: 0.5 },
      'inc-1',
      joining,
      now,
      2,
    );
    expect(incidents[1]!.items).toEqual([joining, before[0]]);
    expect(incidents[1]!.items).not.toBe(before);
    expect(incidents[1]!.lastActivityAt).toBe(now);
    expect(before).toHaveLength(2);
  });
});

describe('the explanation an attachment records', () => {
  it('bounds names and lists as the contract does', () => {
    const long = 'x'.repeat(60);
    const bounded = explanation({
      places: new Array(25).fill(long),
      terms: ['路面'],
      citedOutlet: 'y'.repeat(250),
      titleSimilarity: 0.4,
      components: { place: 0.3 },
    });
    expect(bounded.places).toHaveLength(20);
    expect(bounded.places[0]).toHaveLength(50);
    expect(bounded.citedOutlet).toHaveLength(200);
    expect(bounded).toMatchObject({ terms: ['路面'], titleSimilarity: 0.4, components: { place: 0.3 } });
    expect(explanation({ places: [], terms: [] })).toEqual({ places: [], terms: [] });
  });
});
