import { CONCEPT_OF } from './event-concepts';
import { Gazetteer, type PlaceMention } from './gazetteer';
import { hashSet, termId, termVector, type TermVector } from './term-vector';

/**
 * What clustering@2 reads of an item to recognise its event in other words: the places it names (the
 * gazetteer's towns and landmarks, and the roads, communities and institutions it names), its key terms weighted
 * by how telling they are (TF-IDF), its title, its outlet and the outlets it cites (据…报道, 来源：…). Everything
 * is derived from the item's title, its segmented words and its outlet, so it can be derived again from the
 * stored item after a restart.
 */
export interface EventFeatures {
  /** Key terms and their weights (TF-IDF, unit length); places and kinds of event are terms too. */
  readonly vector: TermVector;
  /** The kinds of event it tells (停水, 塌陷…), see EVENT_CONCEPTS. */
  readonly concepts: readonly string[];
  /** Places of the gazetteer it names. */
  readonly places: readonly PlaceMention[];
  /** The towns and landmarks among them, by key (`<county>/<town>`). */
  readonly towns: readonly string[];
  /**
   * The counties it is about: those it names, those its towns lie in, or, when it names none, the one its outlet's
   * name gives (宜良论坛).
   */
  readonly counties: readonly string[];
  /** Roads, communities, villages and institutions it names (北大街, 金鼎花园, 第三人民医院). */
  readonly spots: readonly string[];
  /** Character pairs of its title (标题), hashed: titles that say the same in nearly the same words. */
  readonly titleGrams: Int32Array;
  readonly outlet: string;
  /** Places the outlet's own name gives (宜良论坛, @东川发布): where a post without a place most likely comes from. */
  readonly outletPlaces: readonly PlaceMention[];
  /** Outlets it says it reports from (据云南网报道, 来源：春城晚报, 转载自…). */
  readonly cites: readonly string[];
}

/** How telling a word is (inverse document frequency); larger is rarer. */
export type Idf = (word: string) => number;

/** At most this many terms are kept per item: the rest weigh too little to decide anything. */
const TERMS_KEPT = 24;

// Words every report of every event uses (newsroom and officialese): they say nothing about which event.
const GENERIC = new Set(
  (
    '网友 网民 反映 记者 表示 相关 部门 工作人员 回应 情况 问题 目前 进行 发现 称 已经 市民 群众 居民 ' +
    '关注 引发 要求 处理 工作 有关 近日 日前 此前 今天 昨天 昨日 今日 上午 下午 晚上 时候 时间 ' +
    '针对 经 核实 高度重视 第一时间 立即 组织 人员 开展 调查 依法 情况 进一步 加强 确保 落实 ' +
    '发布 消息 报道 新闻 来源 编辑 责任编辑 转载 综合 据 通报 回复 回告 答复 感谢 您好 尊敬 领导 ' +
    '希望 大家 希望 能够 可以 没有 一个 这个 那个 我们 他们 你们 自己 什么 怎么 为什么 还是 但是 因为 所以 ' +
    '如果 虽然 已 将 会 能 要 让 被 对 于 向 就 都 也 又 还 很 非常 比较 不 无 该 此 其 ' +
    '街道 社区 一处 一名 一辆 一位 多名 一些 部分 地方 当地 现场 目前 正在 已经 相关 负责人'
  ).split(' '),
);

// Roads, communities, villages and institutions end in one of these (longest first).
const SPOT_SUFFIXES = [
  '人民医院',
  '卫生院',
  '医院',
  '小学',
  '中学',
  '幼儿园',
  '学校',
  '学院',
  '大学',
  '花园',
  '家园',
  '小区',
  '社区',
  '新村',
  '村委会',
  '居委会',
  '公寓',
  '苑',
  '大道',
  '大街',
  '路',
  '街',
  '巷',
  '立交桥',
  '大桥',
  '隧道',
  '有限公司',
  '公司',
  '工厂',
  '市场',
  '农贸市场',
  '超市',
  '商场',
  '广场',
  '公园',
  '景区',
  '水库',
  '湿地',
  '河',
  '村',
  '客运站',
  '加油站',
  '火车站',
  '工地',
  '酒店',
  '宾馆',
  '餐厅',
  '饭店',
  '养老院',
  '敬老院',
  '派出所',
  '车站',
];
// Longest first, so 农贸市场 wins over 市场.
SPOT_SUFFIXES.sort((a, b) => b.length - a.length);
const SUFFIX_SET = new Set(SPOT_SUFFIXES);
/** The last characters of the suffixes: a word ending otherwise names no spot (most words, checked first). */
const SUFFIX_ENDINGS = new Set(SPOT_SUFFIXES.map((suffix) => suffix[suffix.length - 1]!));
// Words before a suffix that are not part of a name (我们小区, 这条路, 附近村, 某公司).
const NOT_A_NAME = new Set(
  (
    '我们 我家 我 你们 他们 这 那 这个 那个 这条 那条 一条 一个 该 某 某个 附近 周边 门口 对面 旁边 旁 所在 ' +
    '位于 在 到 从 往 去 回 的 了 和 与 及 是 个 家 全 各 本 整个 多个 几个 两个 全村 全县 当地 周围 ' +
    '上 下 里 内 外 前 后 边 一 二 三 这些 那些 其他 同 新 老 大 小 好 有 无 多 出现 发生 施工 修 建 进行 就 都 ' +
    '给 成 出 入 进 为 让 由 被 把 向 对 责成 三甲 住宅 一所 一处 一家 一座 一片 该处 此处 涉事 所属 辖区'
  ).split(' '),
);
const HAN = /^\p{Script=Han}+$/u;
/** A word at least this rare (IDF) may be part of a name: rarer than everyday words, as names are. */
const RARE = 9.5;
/** Verbs with a preposition (卖给, 运到) are rare in the corpus yet no name. */
const VERB_END = /[给到在向把被]$/u;
const DIGITS = /^[\p{N}.%]+$/u;

// 据云南网报道 / 据春城晚报消息 / 来源：昆明信息港 / 转载自云南日报 / 综合云南网、人民网报道
const CITATION =
  /(?:据|转载自|转自|来源[:：]|综合)\s*([\p{Script=Han}A-Za-z0-9、]{2,24}?)(?:报道|消息|披露|发布|通报|微信公众号|官方微博|[，,。\s]|$)/gu;

/** What a token is to clustering: a term with its weight and the kind of event it names, or nothing. */
interface TokenInfo {
  readonly term: string;
  readonly id: number;
  readonly idf: number;
  readonly concept: string | undefined;
}

/** Distinct tokens remembered per extractor: a vocabulary repeats, so each token is judged once. */
const TOKENS_REMEMBERED = 200_000;
const PLACE_WEIGHT = 14;
const CONCEPT_WEIGHT = 8;

/**
 * Reduces items to their event features with one IDF table and one gazetteer. It remembers what each token is
 * (a term, its IDF, its kind of event), so the cost per item is a look-up per token; keep one per process.
 */
export class EventFeatureExtractor {
  private readonly tokens = new Map<string, TokenInfo | null>();
  private readonly rarity = new Map<string, number>();
  /** `idf`, remembered: spots ask it of the same words again and again. */
  private readonly idfOf: Idf = (word) => {
    let value = this.rarity.get(word);
    if (value === undefined) {
      value = this.idf(word);
      if (this.rarity.size >= TOKENS_REMEMBERED) this.rarity.clear();
      this.rarity.set(word, value);
    }
    return value;
  };

  private readonly outlets = new Map<string, readonly PlaceMention[]>();

  constructor(
    private readonly idf: Idf,
    private readonly gazetteer: Gazetteer = new Gazetteer(),
  ) {}

  /** The places an outlet's name gives; outlets repeat, so each is read once. */
  private outletPlaces(outlet: string): readonly PlaceMention[] {
    let places = this.outlets.get(outlet);
    if (!places) {
      places = uniqueBy(this.gazetteer.find(outlet).places, (p) => p.key);
      if (this.outlets.size >= TOKENS_REMEMBERED) this.outlets.clear();
      this.outlets.set(outlet, places);
    }
    return places;
  }

  private info(token: string): TokenInfo | null {
    let info = this.tokens.get(token);
    if (info === undefined) {
      const word = token.toLowerCase();
      const level = this.gazetteer.placeNamed(word)?.level;
      // Nearly every item of a county's unit names its county and city: they tell no event from another.
      const isTerm =
        word.length >= 2 &&
        !GENERIC.has(word) &&
        !DIGITS.test(word) &&
        /\p{L}/u.test(word) &&
        level !== 'city' &&
        level !== 'county';
      info = isTerm
        ? { term: word, id: termId(word), idf: this.idfOf(word), concept: CONCEPT_OF.get(word) }
        : null;
      if (this.tokens.size >= TOKENS_REMEMBERED) this.tokens.clear();
      this.tokens.set(token, info);
    }
    return info;
  }

  /** `words` are the item's segmented title and text (as stored). */
  features(input: {
    readonly title: string;
    readonly words: readonly string[];
    readonly outlet: string;
  }): EventFeatures {
    const joined = input.words.join('');
    const { places, spans } = this.gazetteer.find(joined);
    const spots = findSpots(input.words, spans, this.idfOf);
    const counts = new Map<TokenInfo, number>();
    for (const token of input.words) {
      const info = this.info(token);
      if (info) counts.set(info, (counts.get(info) ?? 0) + 1);
    }
    const weights: [string, number, number?][] = [];
    const concepts = new Set<string>();
    for (const [info, tf] of counts) {
      weights.push([info.term, (1 + Math.log(tf)) * info.idf, info.id]);
      if (info.concept) concepts.add(info.concept);
    }
    weights.sort((a, b) => b[1] - a[1]).splice(TERMS_KEPT);
    // Places below the county set an event apart: terms of their own, weighed as the rarest words. The kind of
    // event, whatever word a report uses for it (停水, 没水, 断水), weighs like a common noun.
    for (const place of places)
      if (place.level === 'town' || place.level === 'landmark')
        weights.push([`@${place.name}`, PLACE_WEIGHT]);
    for (const spot of spots) weights.push([`@${spot}`, PLACE_WEIGHT]);
    for (const concept of concepts) weights.push([`#${concept}`, CONCEPT_WEIGHT]);
    const named = uniqueBy(places, (p) => p.key);
    const outletPlaces = this.outletPlaces(input.outlet);
    const counties = countiesNamed(named);
    return {
      vector: termVector(weights),
      concepts: [...concepts],
      places: named,
      towns: named.filter((p) => p.level === 'town' || p.level === 'landmark').map((p) => p.key),
      counties: counties.length > 0 ? counties : countiesNamed(outletPlaces),
      spots,
      titleGrams: hashSet(charPairs(input.title)),
      outlet: input.outlet.trim(),
      outletPlaces,
      cites: citedOutlets(joined),
    };
  }
}

const extractors = new WeakMap<Idf, WeakMap<Gazetteer, EventFeatureExtractor>>();
let defaultGazetteer: Gazetteer | undefined;

/** The event features of one item; see EventFeatureExtractor (one is kept per IDF table and gazetteer). */
export function eventFeatures(
  input: { readonly title: string; readonly words: readonly string[]; readonly outlet: string },
  idf: Idf,
  gazetteer: Gazetteer = (defaultGazetteer ??= new Gazetteer()),
): EventFeatures {
  let byGazetteer = extractors.get(idf);
  if (!byGazetteer) extractors.set(idf, (byGazetteer = new WeakMap()));
  let extractor = byGazetteer.get(gazetteer);
  if (!extractor) byGazetteer.set(gazetteer, (extractor = new EventFeatureExtractor(idf, gazetteer)));
  return extractor.features(input);
}

const suffixes = new Map<string, string | undefined>();
/** The place suffix a word ends in that leaves at least two characters of name (北大街: 街 after 北大). */
function suffixOf(word: string): string | undefined {
  if (suffixes.has(word)) return suffixes.get(word);
  const end = SPOT_SUFFIXES.find((s) => word.endsWith(s) && word.length - s.length >= 2);
  if (suffixes.size >= TOKENS_REMEMBERED) suffixes.clear();
  suffixes.set(word, end);
  return end;
}

/** Names before a place suffix, read from the tokens (the segmenter splits unknown names into single characters). */
function findSpots(
  words: readonly string[],
  gazetteerSpans: readonly [number, number][],
  idf: Idf,
): string[] {
  const spots = new Set<string>();
  // Where each token starts in the joined text, so a token inside a place of the gazetteer is not read as a name.
  // Computed only when a suffix is found (most items name few spots).
  let offsets: number[] | undefined;
  const inGazetteer = (index: number) => {
    if (!offsets) {
      offsets = [];
      let at = 0;
      for (const word of words) {
        offsets.push(at);
        at += word.length;
      }
    }
    const start = offsets[index]!;
    return gazetteerSpans.some(([from, to]) => start >= from && start < to);
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    let suffix: string | undefined;
    let prefix = '';
    if (SUFFIX_SET.has(word)) suffix = word;
    else if (word.length >= 3 && SUFFIX_ENDINGS.has(word[word.length - 1]!) && HAN.test(word)) {
      const end = suffixOf(word);
      const head = end ? word.slice(0, word.length - end.length) : '';
      if (end && !NOT_A_NAME.has(head) && idf(head) >= RARE) {
        suffix = end;
        prefix = head;
      }
    }
    if (!suffix) continue;
    // Take the name's characters from the tokens before the suffix. A name the segmenter does not know comes apart
    // into single characters (金/鼎/花园) or rare pairs (凤梧/小区); common words (今天, 一家, 开展) are no name.
    // A word that already holds its name (北大街, 洛龙河) is whole: nothing before it belongs to it.
    let j = prefix === '' ? i - 1 : -1;
    while (prefix.length < 4 && j >= 0) {
      const before = words[j]!;
      if (!HAN.test(before) || NOT_A_NAME.has(before) || inGazetteer(j)) break;
      if (before.length > 2 || prefix.length + before.length > 5) break;
      if (SUFFIX_SET.has(before) || (before.length === 2 && (idf(before) < RARE || VERB_END.test(before))))
        break;
      prefix = before + prefix;
      j--;
    }
    if (prefix.length < 2) continue;
    // 金鼎花园小区 and 金鼎花园 are one place: a community suffix after a name that already ends in one is dropped.
    let name = prefix + suffix;
    const next = words[i + 1];
    if (next && (next === '小区' || next === '社区') && suffix !== '小区' && suffix !== '社区') i++;
    if (name.length > 12) name = name.slice(-12);
    spots.add(name);
  }
  return [...spots].slice(0, 20);
}

/** The outlets a text says it reports from; empty when it cites none. */
function citedOutlets(joined: string): string[] {
  const found = new Set<string>();
  for (const match of joined.matchAll(CITATION)) {
    for (const name of match[1]!.split('、')) if (name.length >= 2 && !GENERIC.has(name)) found.add(name);
    if (found.size >= 5) break;
  }
  return [...found];
}

/** Character pairs of letters and digits (punctuation and spaces dropped). */
export function charPairs(text: string): Set<string> {
  const chars = [
    ...text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]/gu, ''),
  ];
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) pairs.add(chars[i]! + chars[i + 1]!);
  return pairs;
}

/** The counties named, directly or by their towns. */
function countiesNamed(places: readonly PlaceMention[]): string[] {
  const counties = new Set<string>();
  for (const p of places) {
    if (p.level === 'county') counties.add(p.name);
    else if (p.level === 'town' && p.within) counties.add(p.within);
  }
  return [...counties];
}

function uniqueBy<T>(values: readonly T[], key: (value: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const value of values) if (!seen.has(key(value))) seen.set(key(value), value);
  return [...seen.values()];
}
