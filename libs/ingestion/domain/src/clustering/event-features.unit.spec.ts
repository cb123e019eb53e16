import { eventFeatures, type Idf } from './event-features';
import { Gazetteer } from './gazetteer';
import { hashSet } from './term-vector';

// Words as the segmenter gives them: names it does not know come apart into single characters (金/鼎/花园).
const words = (spaced: string) => spaced.split(' ');
// Everyday words are common in the corpus (low IDF); everything else counts as rare, as jieba's table would say.
const COMMON = new Set(['我们', '今天', '一家', '早上', '希望', '出现', '路面', '门口', '附近']);
const idf: Idf = (word) => (COMMON.has(word) ? 5 : 11);
const features = (title: string, spaced: string, outlet = '网友') =>
  eventFeatures({ title, words: words(spaced), outlet }, idf);

describe('places (地名)', () => {
  it('finds the towns and counties of the gazetteer, by full name or a short form that names nothing else', () => {
    const f = features('匡远路面塌陷', '宜良县 匡 远 街道 北大街 出现 路面 塌陷 ， 匡远 这边 还 没 修');
    expect(f.places.map((p) => p.key)).toEqual(['昆明市/宜良县', '宜良县/匡远街道']);
  });

  it('reads the autonomous county under its short names', () => {
    const f = features('石林县景区乱收费', '石林县 鹿 阜 街道 景区 停车场 乱收费');
    expect(f.places.map((p) => p.name)).toEqual(['石林彝族自治县', '鹿阜街道']);
  });

  it('keeps a town whose short form is an everyday word only with its suffix (团结 is not 团结街道)', () => {
    expect(features('t', '大家 要 团结 一心').places).toEqual([]);
    expect(features('t', '西山区 团结 街道 出现 塌陷').places.map((p) => p.name)).toContain('团结街道');
  });

  it('knows a county from the outlet when the post names none (宜良论坛)', () => {
    const f = features('有没有人管管', '我们 小区 门口 那条 路 塌 了 个 大坑', '宜良论坛');
    expect(f.places).toEqual([]);
    expect(f.outletPlaces.map((p) => p.name)).toEqual(['宜良县']);
  });
});

describe('spots (roads, communities, institutions)', () => {
  it('joins the characters of an unknown name to its suffix, and drops a community suffix after it', () => {
    const f = features('t', '金 鼎 花园 小区 门口 一辆 电动车 险些 掉 进 坑里');
    expect(f.spots).toEqual(['金鼎花园']);
  });

  it('reads no name into everyday words before a suffix (我们小区, 一家医院, 今天早上小区)', () => {
    const f = features('t', '我们 小区 门口 ， 县城 一家 医院 ， 今天 早上 小区 停水');
    expect(f.spots).toEqual([]);
  });

  it('takes a rare word before a suffix as a name (凤梧小区)', () => {
    expect(features('t', '仁德 街道 凤梧 小区 一带 流浪狗').spots).toEqual(['凤梧小区']);
  });
});

describe('terms and citations', () => {
  it('leaves county and city names out of the terms, and adds towns, spots and the kind of event', () => {
    const f = features(
      '宜良县匡远街道路面塌陷',
      '宜良县 匡 远 街道 北大街 路面 塌陷 ， 昆明市 交通 部门 抢修',
    );
    const terms = f.vector.terms;
    expect(terms).not.toContain('宜良县');
    expect(terms).not.toContain('昆明市');
    expect(terms).toEqual(expect.arrayContaining(['@匡远街道', '#塌陷', '塌陷', '抢修']));
    const norm = Math.sqrt(f.vector.weights.reduce((s, w) => s + w * w, 0));
    expect(norm).toBeCloseTo(1, 6);
  });

  it('gives reports of one kind of event the same concept whatever word they use (没水, 停水, 断水)', () => {
    for (const spaced of ['小区 没水 一整天', '县城 部分 片区 停水', '突发 断水 居民 排队 接水']) {
      expect(features('t', spaced).concepts).toEqual(['停水']);
      expect(features('t', spaced).vector.terms).toContain('#停水');
    }
  });

  it('reads the outlets a report says it comes from (据…报道, 来源：…, 综合…报道)', () => {
    expect(features('t', '据 云南网 报道 ， 宜良县 发生 塌陷').cites).toEqual(['云南网']);
    expect(features('t', '转载 ： 正文 来源 ： 春城晚报').cites).toEqual(['春城晚报']);
  });

  it('measures titles by their character pairs, punctuation aside', () => {
    expect(features('路面塌陷！', '').titleGrams).toEqual(hashSet(['路面', '面塌', '塌陷']));
  });

  it('takes another deployment’s gazetteer', () => {
    const gazetteer = new Gazetteer([
      { name: '玉溪市', level: 'city' },
      { name: '红塔区', level: 'county', within: '玉溪市' },
      { name: '玉兴街道', level: 'town', within: '红塔区' },
    ]);
    const f = eventFeatures(
      { title: 't', words: words('红塔区 玉兴 街道 停水'), outlet: 'x' },
      idf,
      gazetteer,
    );
    expect(f.places.map((p) => p.key)).toEqual(['玉溪市/红塔区', '红塔区/玉兴街道']);
  });
});
