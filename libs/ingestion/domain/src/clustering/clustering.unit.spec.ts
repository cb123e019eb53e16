import {
  contentWords,
  hammingDistance,
  simhash,
  simhashAndWordSet,
  simhashFromHex,
  simhashToHex,
  wordOverlap,
  wordSetOf,
} from '../dedup/simhash';
import {
  clusterFeatures,
  decideCluster,
  DEFAULT_CLUSTERING,
  type ClusterItem,
  type IncidentCandidate,
} from './clustering';

// Tokens as the segmenter gives them: a short news report, a repost of it with a credit line, and a rewrite.
const story = (
  '近日 有 网友 反映 西山区 碧鸡 街道 某 小区 旁 的 河道 污染 严重 河水 发黑 发臭 居民 多次 投诉 无人 处理 ' +
  '记者 实地 走访 发现 河道 两侧 堆满 生活 垃圾 部分 排污口 直接 向 河道 排放 污水 附近 居民 表示 夏季 气味 ' +
  '尤其 难闻 影响 日常 生活 西山区 生态 环境 分局 工作人员 回应 称 已 关注 到 相关 情况 将 组织 人员 ' +
  '开展 调查 对 违法 排污 行为 依法 查处 并 督促 街道 尽快 清理 河道 垃圾'
).split(' ');
const repost = ['转载', '：', ...story, '来源', '：', '云南网', '编辑', '：', '李明'];
const rewritten = (
  '碧鸡 街道 河道 污染 问题 引发 关注 居民 投诉 河水 发黑 发臭 排污口 排放 污水 西山区 生态 环境 分局 表示 ' +
  '将 开展 调查 依法 查处 违法 排污 督促 清理 垃圾'
).split(' ');
const unrelated = ['官渡区', '图书馆', '周末', '举办', '少儿', '阅读', '活动', '欢迎', '家长', '报名'];

const at = new Date('2026-11-25T08:00:00+08:00');
const item = (itemId: string, words: string[], title = '西山区河道污染严重', when = at): ClusterItem => ({
  itemId,
  at: when,
  ...clusterFeatures(title, words, simhash(words)),
});
const incident = (incidentId: string, items: ClusterItem[], lastActivityAt = at): IncidentCandidate => ({
  incidentId,
  lastActivityAt,
  items,
});

describe('simhash', () => {
  it('puts a repost within a few bits of the original and an unrelated post far away', () => {
    expect(hammingDistance(simhash(story), simhash(repost))).toBeLessThanOrEqual(
      DEFAULT_CLUSTERING.nearDuplicateBits,
    );
    expect(hammingDistance(simhash(story), simhash(unrelated))).toBeGreaterThan(16);
  });

  it('round-trips through hex and ignores particles and punctuation', () => {
    const h = simhash(story);
    expect(simhashFromHex(simhashToHex(h))).toEqual(h);
    expect(simhash([...story, '的', '，', '了'])).toEqual(h);
  });

  it('measures word overlap', () => {
    expect(wordOverlap(story, story)).toBe(1);
    expect(wordOverlap(story, unrelated)).toBe(0);
  });
});

describe('decideCluster', () => {
  const open = [incident('inc-1', [item('i-1', story)])];

  it('attaches a repost carried by another outlet as a near-duplicate', () => {
    expect(decideCluster(item('i-2', repost, '【转载】西山区河道污染严重'), open)).toMatchObject({
      kind: 'attach',
      incidentId: 'inc-1',
      relation: 'near-duplicate',
    });
  });

  it('attaches a rewritten report of the same story as related', () => {
    expect(decideCluster(item('i-3', rewritten, '碧鸡街道河道污染 环保部门将调查'), open)).toMatchObject({
      kind: 'attach',
      incidentId: 'inc-1',
      relation: 'related',
    });
  });

  it('opens a new incident for an unrelated item', () => {
    expect(decideCluster(item('i-4', unrelated, '官渡区图书馆周末举办少儿阅读活动'), open)).toEqual({
      kind: 'new-incident',
    });
  });

  it('does not attach to an incident that has been quiet for longer than the window', () => {
    const old = [incident('inc-old', [item('i-1', story)], new Date(at.getTime() - 73 * 3_600_000))];
    expect(decideCluster(item('i-5', repost), old)).toEqual({ kind: 'new-incident' });
  });

  it('prefers the incident it nearly duplicates over one it merely overlaps', () => {
    const two = [incident('inc-related', [item('r', rewritten)]), incident('inc-same', [item('s', story)])];
    expect(decideCluster(item('i-6', repost), two)).toMatchObject({
      incidentId: 'inc-same',
      relation: 'near-duplicate',
    });
  });
});

const sets = new WeakMap<string[], Set<string>>();
const fingerprints = new WeakMap<string[], ReturnType<typeof simhash>>();
function memo<T>(cache: WeakMap<string[], T>, key: string[], make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) cache.set(key, (value = make()));
  return value;
}

/** clustering@1 as first written (word sets as Set<string>, every pair measured): the oracle for the fast path. */
function referenceDecision(
  words: string[],
  title: string,
  candidates: { incidentId: string; items: { words: string[]; title: string }[] }[],
): ReturnType<typeof decideCluster> {
  const policy = DEFAULT_CLUSTERING;
  const key = (t: string) =>
    t
      .normalize('NFKC')
      .replace(/[\s\p{P}]/gu, '')
      .toLowerCase();
  const content = (w: string[]) => memo(sets, w, () => new Set(contentWords(w)));
  const fingerprintOf = (w: string[]) => memo(fingerprints, w, () => simhash(w));
  const mine = content(words);
  const fingerprint = simhash(words);
  let best: { incidentId: string; relation: string; similarity: number; rank: number } | undefined;
  for (const incident of candidates) {
    for (const other of incident.items) {
      const theirs = content(other.words);
      const bits = hammingDistance(fingerprint, fingerprintOf(other.words));
      let shared = 0;
      for (const w of mine) if (theirs.has(w)) shared++;
      const overlap = mine.size === 0 || theirs.size === 0 ? 0 : shared / (mine.size + theirs.size - shared);
      const sameTitle = key(title) !== '' && key(title) === key(other.title);
      let d: typeof best;
      if (bits <= policy.nearDuplicateBits)
        d = {
          incidentId: incident.incidentId,
          relation: 'near-duplicate',
          similarity: 1 - bits / 64,
          rank: 2 + (1 - bits / 64),
        };
      else if (sameTitle && overlap >= policy.relatedOverlap / 2)
        d = { incidentId: incident.incidentId, relation: 'repost', similarity: overlap, rank: 1 + overlap };
      else if (overlap >= policy.relatedOverlap)
        d = { incidentId: incident.incidentId, relation: 'related', similarity: overlap, rank: overlap };
      if (d && (!best || d.rank > best.rank)) best = d;
    }
  }
  if (!best) return { kind: 'new-incident' };
  return {
    kind: 'attach',
    incidentId: best.incidentId,
    relation: best.relation as 'related',
    similarity: Math.round(best.similarity * 1000) / 1000,
  };
}

describe('decideCluster against the reference algorithm', () => {
  it('decides exactly as clustering@1 did on 1,000 generated items against growing incidents', () => {
    // A small vocabulary makes overlaps, reposts, near-duplicates and hash-equal neighbours all common.
    const vocabulary = [...story, ...rewritten, ...unrelated, '的', '了', 'PX', 'px', '２０２６', '2026'];
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const pick = (n: number) =>
      Array.from({ length: n }, () => vocabulary[Math.floor(random() * vocabulary.length)]!);
    const incidents: {
      incidentId: string;
      items: { words: string[]; title: string; features: ClusterItem }[];
    }[] = [];
    let attached = 0;
    for (let n = 0; n < 1000; n++) {
      const base =
        incidents.length > 0 && random() < 0.7
          ? incidents[Math.floor(random() * incidents.length)]!
          : undefined;
      const source = base?.items[0];
      const words =
        source && random() < 0.6
          ? [...source.words.slice(Math.floor(random() * 5)), ...pick(Math.floor(random() * 8))]
          : pick(5 + Math.floor(random() * 40));
      const title = source && random() < 0.3 ? source.title : `标题${Math.floor(random() * 50)}`;
      const features = item(`i-${n}`, words, title);
      const expected = referenceDecision(words, title, incidents);
      const actual = decideCluster(
        features,
        incidents.map((i) => ({
          incidentId: i.incidentId,
          lastActivityAt: at,
          items: i.items.map((x) => x.features),
        })),
      );
      expect(actual).toEqual(expected);
      if (actual.kind === 'attach') {
        attached++;
        incidents.find((i) => i.incidentId === actual.incidentId)!.items.unshift({ words, title, features });
      } else incidents.push({ incidentId: `inc-${n}`, items: [{ words, title, features }] });
      for (const i of incidents) i.items.splice(12);
    }
    expect(attached).toBeGreaterThan(250);
    expect(incidents.length).toBeGreaterThan(20);
  });
});

describe('simhashAndWordSet', () => {
  it('gives in one pass what simhash and the content-word set give apart', () => {
    for (const words of [story, repost, rewritten, unrelated, []]) {
      expect(simhashAndWordSet(words)).toEqual({
        fingerprint: simhash(words),
        wordSet: wordSetOf(contentWords(words)),
      });
    }
  });
});
