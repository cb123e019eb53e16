import { DEFAULT_GRADING_RULES } from './default-rule-set';
import { parseGradingRuleSet } from './rule-set';
import { evaluateGrade, type IncidentFacts, type ItemFact } from './evaluate-grade';

const facts = (over: Partial<IncidentFacts>): IncidentFacts => ({
  incidentId: 'inc-1',
  items: [],
  heat: [],
  categories: [],
  missedDeadlines: [],
  ...over,
});
const item = (itemId: string, over: Partial<ItemFact>): ItemFact => ({
  itemId,
  reachTier: 'city-site',
  outlet: '玉溪论坛',
  platform: 'forum',
  sentiment: 'negative',
  ...over,
});
const reading = (eventId: string, heatIndex: number, previousHeatIndex: number, measuredAt: string) => ({
  eventId,
  heatIndex,
  previousHeatIndex,
  measuredAt,
});

describe('evaluating a grade under the 第三条 rules', () => {
  it('gives nothing when nothing is known', () => {
    expect(evaluateGrade(facts({}), DEFAULT_GRADING_RULES)).toBeUndefined();
  });

  it('takes the most severe condition met and cites only the conditions at that grade', () => {
    const result = evaluateGrade(
      facts({
        items: [
          item('i-forum', {}),
          item('i-ynw', { reachTier: 'provincial-portal', outlet: '云南网', platform: 'news-site' }),
        ],
      }),
      DEFAULT_GRADING_RULES,
    )!;

    expect(result.grade).toEqual({ level: 'level-2', exceptional: false });
    expect(result.criteria).toEqual(['provincial-portal']);
    expect(result.evidence).toEqual([{ kind: 'item', id: 'i-ynw' }]);
    expect(result.matches.map((m) => m.criterion)).toEqual(['provincial-portal', 'ordinary-complaint']);
    expect(result.rationale).toBe(
      '拟定二级 (严重)（grading-rules@2026-12）：省级新闻网站发布（省级新闻网站 (如云南网)：云南网）。',
    );
  });

  it('counts a main city site when it publishes the item, not a post on its forum', () => {
    const news = item('i-news', { outlet: '昆明信息港', platform: 'news-site' });
    const forum = item('i-forum', { outlet: '昆明信息港', platform: 'forum' });

    expect(evaluateGrade(facts({ items: [news] }), DEFAULT_GRADING_RULES)!.criteria).toEqual([
      'main-city-site',
    ]);
    expect(evaluateGrade(facts({ items: [forum] }), DEFAULT_GRADING_RULES)!.criteria).toEqual([
      'ordinary-complaint',
    ]);
  });

  it('reads heat: 社会热点 at 85, 网上影响较大 at 60, or at 40 when it rose 20 within 6 hours', () => {
    const base = { items: [item('i-1', { sentiment: 'neutral' })] };
    const at = (value: number, previous: number) => ({
      ...base,
      heat: [
        reading('h-0', previous, 0, '2026-03-02T04:00:00+08:00'),
        reading('h-1', value, previous, '2026-03-02T12:00:00+08:00'),
      ],
    });

    expect(evaluateGrade(facts(at(88, 80)), DEFAULT_GRADING_RULES)!.criteria).toEqual(['social-hot-spot']);
    expect(evaluateGrade(facts(at(62, 60)), DEFAULT_GRADING_RULES)!.criteria).toEqual([
      'large-online-impact',
    ]);
    const rising = evaluateGrade(facts(at(45, 20)), DEFAULT_GRADING_RULES)!;
    expect(rising.criteria).toEqual(['large-online-impact']);
    expect(rising.evidence).toEqual([
      { kind: 'event', id: 'h-0' },
      { kind: 'event', id: 'h-1' },
    ]);
    expect(evaluateGrade(facts(at(45, 40)), DEFAULT_GRADING_RULES)!.grade.level).toBe('level-3');
  });

  it('lowers the heat bar to 50 for a mostly negative incident (sentiment)', () => {
    const heat = [reading('h-1', 52, 50, '2026-03-02T12:00:00+08:00')];
    const negative = facts({ items: [item('i-1', { sentiment: 'negative' })], heat });
    const neutral = facts({ items: [item('i-1', { sentiment: 'neutral' })], heat });

    expect(evaluateGrade(negative, DEFAULT_GRADING_RULES)!.grade.level).toBe('level-2');
    expect(evaluateGrade(neutral, DEFAULT_GRADING_RULES)!.grade.level).toBe('level-3');
  });

  it('flags 特别重大 when three national outlets carry it and the heat is 90 or more (第十二条)', () => {
    const result = evaluateGrade(
      facts({
        items: [
          item('i-rmw', { reachTier: 'central-media', outlet: '人民网', platform: 'news-site' }),
          item('i-xhw', { reachTier: 'central-media', outlet: '新华网', platform: 'news-site' }),
          item('i-wy', { reachTier: 'national-portal', outlet: '网易新闻', platform: 'portal' }),
        ],
        heat: [reading('h-1', 93, 70, '2026-03-02T12:00:00+08:00')],
      }),
      DEFAULT_GRADING_RULES,
    )!;

    expect(result.grade).toEqual({ level: 'level-1', exceptional: true });
    expect(result.criteria).toEqual([
      'national-attention',
      'central-media',
      'national-portal',
      'social-hot-spot',
    ]);
  });

  it('raises a 二级 grown through poor handling to 一级 (本属二级舆情，因处置不当)', () => {
    const result = evaluateGrade(
      facts({
        items: [item('i-ynw', { reachTier: 'provincial-portal', outlet: '云南网', platform: 'news-site' })],
        heat: [
          reading('h-1', 30, 0, '2026-03-02T08:00:00+08:00'),
          reading('h-2', 38, 30, '2026-03-02T20:00:00+08:00'),
        ],
        gradeInForce: { grade: { level: 'level-2', exceptional: false }, eventId: 'g-1' },
        missedDeadlines: [
          { eventId: 'o-1', obligationId: 'obl-1', kind: 'bulletin', dueAt: '2026-03-02T10:00:00+08:00' },
        ],
      }),
      DEFAULT_GRADING_RULES,
    )!;

    expect(result.grade.level).toBe('level-1');
    expect(result.criteria).toEqual(['grew-from-level-2']);
    expect(result.evidence).toEqual([
      { kind: 'event', id: 'o-1' },
      { kind: 'event', id: 'h-2' },
      { kind: 'event', id: 'g-1' },
    ]);
  });
});

describe('第十二条: 特别重大 also when the whole province is paying attention (全省关注)', () => {
  // A deployment's rule set names its province's outlets by city; the default names none.
  const yunnan = parseGradingRuleSet({
    ...DEFAULT_GRADING_RULES,
    version: 'grading-rules@2026-06-province',
    provinceWide: {
      reachTiers: ['provincial-media', 'provincial-portal', 'city-site'],
      outletCities: { 春城晚报: '昆明', 曲靖日报: '曲靖', 玉溪网: '玉溪', 红河网: '红河' },
      minCities: 3,
      minHeat: 85,
    },
  });
  const provinceWide = [
    item('i-ccwb', { reachTier: 'provincial-media', outlet: '春城晚报', platform: 'news-site' }),
    item('i-qj', { reachTier: 'city-site', outlet: '曲靖日报', platform: 'news-site' }),
    item('i-yx', { reachTier: 'city-site', outlet: '玉溪网', platform: 'news-site' }),
  ];

  it('第十二条: outlets of three cities and heat 88 make a 特别重大 proposal, with that evidence', () => {
    // given items in outlets of 昆明, 曲靖 and 玉溪 and heat 88
    const result = evaluateGrade(
      facts({ items: provinceWide, heat: [reading('h-1', 88, 60, '2026-03-02T12:00:00+08:00')] }),
      yunnan,
    )!;
    // then it is 特别重大 on the province-wide criterion, citing the items and the heat
    expect(result.grade).toEqual({ level: 'level-1', exceptional: true });
    expect(result.criteria).toContain('province-wide-attention');
    expect(result.evidence).toEqual(
      expect.arrayContaining([
        { kind: 'item', id: 'i-ccwb' },
        { kind: 'item', id: 'i-qj' },
        { kind: 'item', id: 'i-yx' },
        { kind: 'event', id: 'h-1' },
      ]),
    );
    expect(result.rationale).toContain('已引起全省关注');
  });

  it('第十二条: two cities, or too little heat, is not province-wide', () => {
    const heat = [reading('h-1', 88, 60, '2026-03-02T12:00:00+08:00')];
    expect(evaluateGrade(facts({ items: provinceWide.slice(0, 2), heat }), yunnan)!.grade.exceptional).toBe(
      false,
    );
    const cool = [reading('h-1', 80, 60, '2026-03-02T12:00:00+08:00')];
    expect(evaluateGrade(facts({ items: provinceWide, heat: cool }), yunnan)!.grade.exceptional).toBe(false);
  });
});
