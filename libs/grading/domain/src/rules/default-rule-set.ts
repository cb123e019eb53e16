import { DEFAULT_OUTLET_CATALOGUE, type OutletCatalogueEntry } from '@yuqing/contracts';
import { parseGradingRuleSet, type GradingRuleSet } from './rule-set';

/** The default's version; a catalogue naming other main city sites gets `+sites.<digest>` after it. */
const DEFAULT_VERSION = 'grading-rules@2026-12';

/**
 * 市内主要网站 (第三条 二级 "云南网及市内主要网站刊发"): the deployment catalogue's city sites that publish (news sites
 * and portals; a post on their forum is an ordinary complaint), in catalogue order. The catalogue is the one source
 * of truth: the first default named 玉溪's sites while the catalogue and the demo city are 昆明 (issue 14).
 */
export function mainCitySites(catalogue: readonly OutletCatalogueEntry[]): string[] {
  const names = catalogue
    .filter((o) => o.reachTier === 'city-site' && (o.platform === 'news-site' || o.platform === 'portal'))
    .map((o) => o.name);
  return [...new Set(names)];
}

/**
 * The default rule set, read from 篇三 第三条 and 第十二条 of the seed (a deployment ships its own file):
 *
 * - 一级: 中央级媒体关注或报道 (central media); 国内大型门户网站刊发 (national portal); 已经成为社会关注的热点
 *   (heat ≥ 85); or a 二级 grown through poor handling.
 * - 二级: 省内媒体关注或报道 (provincial media); 云南网 (provincial portal) 及市内主要网站刊发 (main city sites: the
 *   deployment catalogue's city news sites and portals, `mainCitySites`); 需要市委、市政府协调解决的重大民生诉求
 *   (民生民利 with heat ≥ 40); 网上影响较大、可能会引发网络热点 (heat ≥ 60, or ≥ 40 rising 20 points in 6 h, or ≥ 50 and mostly negative); or a 三级 grown through poor handling
 *   (a deadline missed and the heat up 5 points since).
 * - 三级: 市内网站的一般爆料、投诉、普通民生诉求 (city sites, local sites, individual accounts).
 * - 特别重大 (第十二条): 已经在全省、全国范围内引起广泛关注: three distinct central-media or national-portal outlets
 *   and heat ≥ 90.
 *
 * The thresholds are this file's judgement where the seed gives no number; a deployment tunes them (and checks
 * the effect with a what-if run) in its own version.
 */
function rulesFor(version: string, sites: readonly string[]): GradingRuleSet {
  return parseGradingRuleSet(
    {
      version,
      title: '网络舆情分级 (篇三 第三条、第十二条)',
      basis: '华宁公路分局网络舆情处置细则 第三条 (三级分类)、第十二条 (特别重大)',
      sources: [
        { criterion: 'central-media', level: 'level-1', reachTiers: ['central-media'] },
        { criterion: 'national-portal', level: 'level-1', reachTiers: ['national-portal'] },
        { criterion: 'provincial-media', level: 'level-2', reachTiers: ['provincial-media'] },
        { criterion: 'provincial-portal', level: 'level-2', reachTiers: ['provincial-portal'] },
        // A catalogue without city sites has no main-city-site rule: its city-site items are ordinary complaints.
        ...(sites.length > 0
          ? [
              {
                criterion: 'main-city-site',
                level: 'level-2',
                reachTiers: ['city-site'],
                outlets: [...sites],
                platforms: ['news-site', 'portal'],
              },
            ]
          : []),
        {
          criterion: 'ordinary-complaint',
          level: 'level-3',
          reachTiers: ['city-site', 'local', 'individual-account'],
        },
      ],
      heat: [
        { criterion: 'social-hot-spot', level: 'level-1', minHeat: 85 },
        { criterion: 'large-online-impact', level: 'level-2', minHeat: 60 },
        {
          criterion: 'large-online-impact',
          level: 'level-2',
          minHeat: 40,
          rise: { points: 20, withinHours: 6 },
        },
        { criterion: 'large-online-impact', level: 'level-2', minHeat: 50, negativeOnly: true },
      ],
      majorLivelihood: { categories: ['livelihood'], minHeat: 40 },
      poorHandling: {
        deadlineKinds: [
          'phone-flash',
          'paper-flash',
          'top-level-report',
          'provincial-report',
          'bulletin',
          'handling-result',
          'leader-board-referral',
        ],
        minHeatRise: 5,
      },
      exceptional: {
        reachTiers: ['central-media', 'national-portal'],
        minDistinctOutlets: 3,
        minHeat: 90,
      },
      sentiment: { negativeShare: 0.5 },
    },
    'default (篇三 第三条)',
  );
}

/** FNV-1a, 32 bits, as 8 hex digits: a short, stable name for a list of sites (no crypto needed, nothing secret). */
function digestOf(text: string): string {
  let hash = 0x811c9dc5;
  for (const char of text) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** The default rule set with the main city sites of the default catalogue (昆明's). */
export const DEFAULT_GRADING_RULES: GradingRuleSet = rulesFor(
  DEFAULT_VERSION,
  mainCitySites(DEFAULT_OUTLET_CATALOGUE),
);

/**
 * The default rule set for a deployment's catalogue: its main city sites. A catalogue naming other sites than the
 * default's gets a version of its own (`grading-rules@2026-12+sites.<digest>`), since a version names one set of
 * rules for good: a changed catalogue is then a new version, never other rules under a version already graded by.
 */
export function defaultGradingRules(catalogue: readonly OutletCatalogueEntry[]): GradingRuleSet {
  const sites = mainCitySites(catalogue);
  const defaults = mainCitySites(DEFAULT_OUTLET_CATALOGUE);
  if (sites.length === defaults.length && sites.every((name, i) => name === defaults[i])) {
    return DEFAULT_GRADING_RULES;
  }
  return rulesFor(`${DEFAULT_VERSION}+sites.${digestOf(sites.join('\n'))}`, sites);
}
