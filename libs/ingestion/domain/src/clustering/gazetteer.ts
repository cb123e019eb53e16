/**
 * The places of a deployment's area (地名库): its counties and districts, their towns and streets (街道/镇/乡),
 * and landmarks everyone names (lakes, rivers). Clustering reads places to tell one event from another of the same
 * kind: two road collapses in one county are different events when they name different towns. A deployment
 * replaces the default (昆明市) with its own file (GAZETTEER_FILE), as it does the source catalogue.
 */
export type PlaceLevel = 'city' | 'county' | 'town' | 'landmark';

export interface GazetteerPlace {
  /** The name as the place's own office writes it, e.g. 石林彝族自治县, 匡远街道. */
  readonly name: string;
  readonly level: PlaceLevel;
  /** The county or city it lies in (by name), for towns and landmarks; a town's name is only unique within it. */
  readonly within?: string;
  /** Other ways reports write it, e.g. 石林县, 石林. Only names that mean this place and no other. */
  readonly aliases?: readonly string[];
}

type County = readonly [name: string, aliases: readonly string[], towns: readonly string[]];

// 昆明市's districts and counties with their streets and towns (行政区划), as the default deployment's area.
const KUNMING: readonly County[] = [
  [
    '五华区',
    ['五华'],
    [
      '华山街道',
      '护国街道',
      '大观街道',
      '龙翔街道',
      '丰宁街道',
      '莲华街道',
      '红云街道',
      '黑林铺街道',
      '普吉街道',
      '西翥街道',
    ],
  ],
  [
    '盘龙区',
    [],
    [
      '拓东街道',
      '鼓楼街道',
      '东华街道',
      '联盟街道',
      '金辰街道',
      '青云街道',
      '龙泉街道',
      '茨坝街道',
      '双龙街道',
      '松华街道',
      '滇源街道',
      '阿子营街道',
    ],
  ],
  [
    '官渡区',
    [],
    [
      '关上街道',
      '太和街道',
      '吴井街道',
      '金马街道',
      '小板桥街道',
      '官渡街道',
      '矣六街道',
      '六甲街道',
      '大板桥街道',
      '阿拉街道',
    ],
  ],
  [
    '西山区',
    [],
    [
      '金碧街道',
      '永昌街道',
      '前卫街道',
      '福海街道',
      '棕树营街道',
      '西苑街道',
      '马街街道',
      '金星街道',
      '碧鸡街道',
      '海口街道',
      '团结街道',
    ],
  ],
  [
    '呈贡区',
    ['呈贡'],
    [
      '龙城街道',
      '乌龙街道',
      '斗南街道',
      '洛羊街道',
      '吴家营街道',
      '雨花街道',
      '大渔街道',
      '七甸街道',
      '洛龙街道',
      '马金铺街道',
    ],
  ],
  [
    '晋宁区',
    ['晋宁'],
    ['昆阳街道', '晋城街道', '宝峰街道', '二街镇', '上蒜镇', '六街镇', '双河彝族乡', '夕阳彝族乡'],
  ],
  [
    '东川区',
    ['东川'],
    ['铜都街道', '碧谷街道', '汤丹镇', '因民镇', '阿旺镇', '乌龙镇', '红土地镇', '拖布卡镇', '舍块乡'],
  ],
  [
    '安宁市',
    ['安宁'],
    [
      '连然街道',
      '金方街道',
      '八街街道',
      '温泉街道',
      '县街街道',
      '草铺街道',
      '太平新城街道',
      '青龙街道',
      '禄脿街道',
    ],
  ],
  ['富民县', ['富民'], ['永定街道', '大营街道', '罗免镇', '赤鹫镇', '东村镇', '款庄镇', '散旦镇']],
  [
    '宜良县',
    ['宜良'],
    [
      '匡远街道',
      '南羊街道',
      '北古城镇',
      '狗街镇',
      '竹山镇',
      '马街镇',
      '汤池街道',
      '耿家营彝族苗族乡',
      '九乡彝族回族乡',
    ],
  ],
  [
    '石林彝族自治县',
    ['石林县', '石林'],
    ['鹿阜街道', '石林街道', '板桥街道', '西街口镇', '长湖镇', '圭山镇', '大可乡'],
  ],
  ['嵩明县', ['嵩明'], ['嵩阳街道', '杨桥街道', '杨林镇', '小街镇', '牛栏江镇']],
  [
    '禄劝彝族苗族自治县',
    ['禄劝县', '禄劝'],
    [
      '屏山街道',
      '崇德街道',
      '转龙镇',
      '撒营盘镇',
      '团街镇',
      '乌东德镇',
      '九龙镇',
      '翠华镇',
      '中屏镇',
      '茂山镇',
      '皎平渡镇',
      '则黑乡',
      '汤郎乡',
      '云龙乡',
      '雪山乡',
      '马鹿塘乡',
    ],
  ],
  [
    '寻甸回族彝族自治县',
    ['寻甸县', '寻甸'],
    [
      '仁德街道',
      '塘子街道',
      '羊街镇',
      '柯渡镇',
      '倘甸镇',
      '功山镇',
      '河口镇',
      '七星镇',
      '先锋镇',
      '鸡街镇',
      '凤合镇',
      '六哨乡',
      '联合乡',
      '金源乡',
      '甸沙乡',
    ],
  ],
];

const KUNMING_LANDMARKS: readonly GazetteerPlace[] = [
  { name: '滇池', level: 'landmark', within: '昆明市' },
  { name: '阳宗海', level: 'landmark', within: '宜良县' },
  { name: '盘龙江', level: 'landmark', within: '昆明市' },
  { name: '宝象河', level: 'landmark', within: '官渡区' },
  { name: '洛龙河', level: 'landmark', within: '呈贡区' },
  { name: '大观河', level: 'landmark', within: '西山区' },
  { name: '南盘江', level: 'landmark', within: '宜良县' },
  { name: '螳螂川', level: 'landmark', within: '安宁市' },
  { name: '牛栏江', level: 'landmark', within: '嵩明县' },
  { name: '长湖', level: 'landmark', within: '石林彝族自治县' },
];

/**
 * Short forms that are everyday words or name places elsewhere (团结, 温泉, 海口…): a town is only recognised by
 * them with its suffix.
 */
const COMMON_SHORT_FORMS = new Set([
  '团结',
  '联合',
  '先锋',
  '温泉',
  '河口',
  '雪山',
  '七星',
  '联盟',
  '前卫',
  '大观',
  '金马',
  '海口',
  '九龙',
  '云龙',
  '东华',
  '鼓楼',
  '金星',
  '双龙',
  '青龙',
  '县街',
  '八街',
  '二街',
  '六街',
  '小街',
  '长湖',
  '石林',
  '板桥',
  '华山',
  '护国',
  '太和',
  '官渡',
  '阿拉',
  '六甲',
  '龙城',
  '雨花',
  '普吉',
  '永昌',
]);

/** Short forms of a town (匡远 for 匡远街道) that name no other place of the area, so reports may drop the suffix. */
function townAliases(town: string, allTowns: readonly string[]): string[] {
  const short = town.replace(/(彝族苗族乡|彝族回族乡|彝族乡|街道|镇|乡)$/u, '');
  if (short.length < 2 || short === town || COMMON_SHORT_FORMS.has(short)) return [];
  const clash = allTowns.filter((other) => other !== town && other.startsWith(short)).length > 0;
  return clash ? [] : [short];
}

function kunmingPlaces(): GazetteerPlace[] {
  const allTowns = KUNMING.flatMap(([, , towns]) => towns);
  const places: GazetteerPlace[] = [{ name: '昆明市', level: 'city', aliases: ['昆明', '春城'] }];
  for (const [county, aliases, towns] of KUNMING) {
    places.push({ name: county, level: 'county', within: '昆明市', aliases });
    for (const town of towns) {
      const short = townAliases(town, allTowns);
      // Towns named alike in two counties (马街, 乌龙) keep their full names only, which differ by suffix.
      places.push({ name: town, level: 'town', within: county, ...(short.length ? { aliases: short } : {}) });
    }
  }
  return [...places, ...KUNMING_LANDMARKS];
}

/** The default deployment's area: 昆明市. */
export const DEFAULT_GAZETTEER_PLACES: readonly GazetteerPlace[] = kunmingPlaces();

/** A place found in a text: its canonical key (`<within>/<name>`), its name and level. */
export interface PlaceMention {
  readonly key: string;
  readonly name: string;
  readonly level: PlaceLevel;
  /** The county (or city) it lies in, for towns and landmarks. */
  readonly within?: string;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  place?: PlaceMention;
}

/**
 * Finds the gazetteer's places in a text in one pass (a character trie, longest match first), so that every
 * captured item is scanned for a few hundred names at the cost of reading it once.
 */
export class Gazetteer {
  private readonly root: TrieNode = { next: new Map() };

  constructor(readonly places: readonly GazetteerPlace[] = DEFAULT_GAZETTEER_PLACES) {
    for (const place of places) {
      const mention: PlaceMention = {
        key: place.within ? `${place.within}/${place.name}` : place.name,
        name: place.name,
        level: place.level,
        ...(place.within ? { within: place.within } : {}),
      };
      for (const written of [place.name, ...(place.aliases ?? [])]) this.insert(written, mention);
    }
  }

  private insert(written: string, place: PlaceMention): void {
    let node = this.root;
    for (const ch of written) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { next: new Map() }));
      node = child;
    }
    node.place ??= place;
  }

  /** The place a whole word names, if it names one (西山区, 宜良, 匡远街道). */
  placeNamed(word: string): PlaceMention | undefined {
    let node: TrieNode | undefined = this.root;
    for (const ch of word) {
      node = node.next.get(ch);
      if (!node) return undefined;
    }
    return node.place;
  }

  /** The places named in `text`, with the spans they cover (so other extractors skip them). */
  find(text: string): { places: PlaceMention[]; spans: [number, number][] } {
    const places: PlaceMention[] = [];
    const spans: [number, number][] = [];
    let i = 0;
    while (i < text.length) {
      let node: TrieNode | undefined = this.root;
      let match: { place: PlaceMention; end: number } | undefined;
      for (let j = i; j < text.length && node; j++) {
        node = node.next.get(text[j]!);
        if (node?.place) match = { place: node.place, end: j + 1 };
      }
      if (match) {
        places.push(match.place);
        spans.push([i, match.end]);
        i = match.end;
      } else i++;
    }
    return { places, spans };
  }
}
