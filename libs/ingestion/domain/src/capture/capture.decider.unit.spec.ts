import type { NewEvent } from '@yuqing/contracts';
import { IncidentProfiles } from '../clustering/event-clustering';
import type { ClusterFeatures } from '../clustering/clustering';
import { simhashAndWordSet } from '../dedup/simhash';
import { parseKeywordExpression } from '../rules/keyword-expression';
import { analyseSentiment } from '../sentiment/sentiment';
import {
  decideCapture,
  type CaptureCandidate,
  type CaptureDeps,
  type PreparedCandidate,
} from './capture.decider';
import { KnownItems } from './known-items';

const now = new Date('2026-11-25T10:00:00+08:00');
const rules = [
  { ruleId: 'xishan', version: 1, expression: parseKeywordExpression('西山区 AND 污染'), platforms: [] },
];

function candidate(n: number, overrides: Partial<CaptureCandidate> = {}): PreparedCandidate {
  const offered: CaptureCandidate = {
    url: `https://bbs.km.example.cn/thread/${n}`,
    platform: 'forum',
    reachTier: 'city-site',
    outlet: '昆明信息港论坛',
    title: '西山区河道污染严重',
    text: '西山区碧鸡街道河道污染严重，居民投诉无人处理。',
    captureMethod: 'crawler',
    ...overrides,
  };
  return {
    offered,
    title: offered.title,
    text: offered.text,
    url: offered.url,
    hash: fakeHash(offered.text),
  };
}

/** A content hash of the contract's shape (64 hex digits), the same for the same text. */
function fakeHash(text: string): string {
  let h = 5381;
  for (const c of text) h = ((h * 33) ^ c.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(64, '0');
}

/** when: a batch is decided with ids 1, 2, 3… and clustering@1 (no event features to reduce). */
function decide(candidates: PreparedCandidate[], known = new KnownItems()) {
  let next = 0;
  const words = new Map<string, readonly string[]>();
  const clustered = new Map<string, ClusterFeatures>();
  const deps: CaptureDeps = {
    newId: () => `id-${++next}`,
    now,
    version: 'clustering@1',
    catalogue: [],
    analyse: (title, text) => {
      const split = [...`${title}${text}`].filter((c) => c.trim() !== '');
      return { words: split, ...simhashAndWordSet(split), sentiment: analyseSentiment(split) };
    },
    eventFeatures: () => {
      throw new Error('clustering@1 reads no event');
    },
    profiles: new IncidentProfiles(),
    analysed: (itemId, itemWords) => words.set(itemId, itemWords),
    clustered: (itemId, features) => clustered.set(itemId, features),
  };
  const incidents = [] as Parameters<typeof decideCapture>[1]['incidents'];
  const decision = decideCapture(candidates, { rules, incidents, known }, deps);
  const streams = decision.plan.appends({
    orgUnit: 'u',
    actor: { kind: 'service', id: 's' },
    correlationId: 'c',
  });
  return { ...decision, streams, words, clustered, incidents };
}
const types = (events: readonly NewEvent[]) => events.map((e) => e.type);

describe('deciding a capture batch', () => {
  it('given nothing kept, when a relevant item comes, then it is captured into a new incident', () => {
    const { outcomes, streams, touched, words, clustered, incidents } = decide([candidate(1)]);
    expect(outcomes).toEqual([
      { status: 'captured', itemId: 'id-1', incidentId: 'id-3', relation: 'new-incident' },
    ]);
    expect(streams.map((s) => [s.streamId, s.expectedVersion, types(s.events)])).toEqual([
      ['ingestion-item-id-1', 'no_stream', ['ingestion.ItemCaptured']],
      ['ingestion-incident-id-3', 'no_stream', ['ingestion.IncidentDetected']],
    ]);
    // The incident's event answers the capture: caused by the ItemCaptured event.
    expect(streams[0]!.events[0]!.eventId).toBe('id-2');
    expect(streams[1]!.events[0]!.metadata).toEqual({ causationId: 'id-2' });
    expect(streams[0]!.events[0]!.data).toMatchObject({
      itemId: 'id-1',
      capturedAt: now.toISOString(),
      matchedRules: [{ ruleId: 'xishan', ruleVersion: 1 }],
    });
    expect(touched).toEqual(['id-3']);
    expect([...words.keys()]).toEqual(['id-1']);
    expect([...clustered.keys()]).toEqual(['id-1']);
    expect(incidents.map((i) => i.incidentId)).toEqual(['id-3']);
  });

  it('when the same story comes twice in one batch, then the second is a duplicate seen on the first item', () => {
    const { outcomes, streams } = decide([candidate(1), candidate(1)]);
    expect(outcomes[1]).toEqual({ status: 'duplicate', duplicateOf: 'id-1' });
    expect(streams[0]!.streamId).toBe('ingestion-item-id-1');
    expect(types(streams[0]!.events)).toEqual(['ingestion.ItemCaptured', 'ingestion.DuplicateItemSeen']);
  });

  it('given a kept item, when a copy comes, then it is a duplicate appended to any version of its stream', () => {
    const known = KnownItems.from([
      { itemId: 'kept', canonicalUrl: candidate(9).url, contentHash: fakeHash('x') },
    ]);
    const { outcomes, streams } = decide([candidate(9)], known);
    expect(outcomes).toEqual([{ status: 'duplicate', duplicateOf: 'kept' }]);
    expect(streams.map((s) => [s.streamId, s.expectedVersion])).toEqual([['ingestion-item-kept', 'any']]);
  });

  it('when an item matches no rule, then it is rejected with the reason and not analysed', () => {
    const { outcomes, streams, words } = decide([candidate(2, { title: '官渡区美食', text: '米线好吃' })]);
    expect(outcomes).toEqual([{ status: 'rejected', itemId: 'id-1', reason: 'no-rule-matched' }]);
    expect(types(streams[0]!.events)).toEqual(['ingestion.ItemRejected']);
    expect(words.size).toBe(0);
  });

  it('when an office transfers an item down, then relevance is not judged and the transfer is recorded first', () => {
    const transfer = {
      fromOrgUnitId: 'cn.yn.km',
      transferReference: 'zb-1',
      transferredAt: now.toISOString(),
      respondBy: new Date(now.getTime() + 86_400_000).toISOString(),
    };
    const { outcomes, streams } = decide([candidate(3, { title: '官渡区美食', text: '米线好吃', transfer })]);
    expect(outcomes[0]).toMatchObject({ status: 'captured', relation: 'new-incident' });
    expect(types(streams[0]!.events)).toEqual(['ingestion.ItemTransferredIn', 'ingestion.ItemCaptured']);
    expect(streams[0]!.events[1]!.data).not.toHaveProperty('transfer');
  });

  it("when a second report of the story comes in the batch, then it joins the first one's incident", () => {
    const { outcomes, touched } = decide([
      candidate(1),
      candidate(2, { text: '西山区碧鸡街道河道污染严重，居民投诉无人处理！' }),
    ]);
    expect(outcomes[1]).toMatchObject({ status: 'captured', incidentId: 'id-3' });
    expect(touched).toEqual(['id-3']);
  });
});
