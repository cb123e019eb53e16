import { DEFAULT_OUTLET_CATALOGUE, type OutletCatalogueEntry } from '@yuqing/contracts';
import { DEFAULT_GRADING_RULES, defaultGradingRules, mainCitySites } from './default-rule-set';
import { evaluateGrade, type IncidentFacts, type ItemFact } from './evaluate-grade';

// 第三条 二级: "云南网及市内主要网站刊发". The city's main sites are the deployment catalogue's (one source of truth):
// the demo city is 昆明, so 昆明's own sites grade 二级 and another city's site is an ordinary city site.

const facts = (item: ItemFact): IncidentFacts => ({
  incidentId: 'inc-1',
  items: [item],
  heat: [],
  categories: [],
  missedDeadlines: [],
});
const item = (outlet: string, platform: ItemFact['platform'] = 'portal'): ItemFact => ({
  itemId: `i-${outlet}`,
  reachTier: 'city-site',
  outlet,
  platform,
});

describe('市内主要网站 from the outlet catalogue (第三条)', () => {
  it('第三条: an item on 昆明市人民政府网 grades 二级 under the default rules', () => {
    const result = evaluateGrade(facts(item('昆明市人民政府网')), DEFAULT_GRADING_RULES)!;

    expect(result.grade).toEqual({ level: 'level-2', exceptional: false });
    expect(result.criteria).toEqual(['main-city-site']);
  });

  it('takes the main sites from the catalogue’s city news sites and portals, so 玉溪网 is no main site of 昆明', () => {
    expect(mainCitySites(DEFAULT_OUTLET_CATALOGUE)).toEqual(['昆明信息港', '昆明市人民政府网']);
    expect(evaluateGrade(facts(item('玉溪网', 'news-site')), DEFAULT_GRADING_RULES)!.criteria).toEqual([
      'ordinary-complaint',
    ]);
  });

  it('gives a deployment catalogue naming other sites a version of its own, the same catalogue always the same one', () => {
    const yuxi: OutletCatalogueEntry[] = [
      ...DEFAULT_OUTLET_CATALOGUE.filter((o) => o.reachTier !== 'city-site'),
      { name: '玉溪网', hosts: ['yuxinews.com'], platform: 'news-site', reachTier: 'city-site' },
    ];

    const rules = defaultGradingRules(yuxi);

    expect(rules.version).toMatch(/^grading-rules@2026-12\+sites\.[0-9a-f]{8}$/);
    expect(defaultGradingRules([...yuxi]).version).toBe(rules.version);
    expect(evaluateGrade(facts(item('玉溪网', 'news-site')), rules)!.criteria).toEqual(['main-city-site']);
    expect(defaultGradingRules(DEFAULT_OUTLET_CATALOGUE)).toBe(DEFAULT_GRADING_RULES);
  });
});
