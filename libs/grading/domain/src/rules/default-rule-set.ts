import { parseGradingRuleSet, type GradingRuleSet } from './rule-set';

/**
 * The default rule set, read from 篇三 第三条 and 第十二条 of the seed (a deployment ships its own file):
 *
 * - 一级: 中央级媒体关注或报道 (central media); 国内大型门户网站刊发 (national portal); 已经成为社会关注的热点
 *   (heat ≥ 85); or a 二级 grown through poor handling.
 * - 二级: 省内媒体关注或报道 (provincial media); 云南网 (provincial portal) 及市内主要网站刊发 (main city sites, by
 *   outlet); 需要市委、市政府协调解决的重大民生诉求 (民生民利 with heat ≥ 40); 网上影响较大、可能会引发网络热点
 *   (heat ≥ 60, or ≥ 40 rising 20 points in 6 h, or ≥ 50 and mostly negative); or a 三级 grown through poor handling
 *   (a deadline missed and the heat up 5 points since).
 * - 三级: 市内网站的一般爆料、投诉、普通民生诉求 (city sites, local sites, individual accounts).
 * - 特别重大 (第十二条): 已经在全省、全国范围内引起广泛关注: three distinct central-media or national-portal outlets
 *   and heat ≥ 90.
 *
 * The thresholds are this file's judgement where the seed gives no number; a deployment tunes them (and checks
 * the effect with a what-if run) in its own version.
 */
export const DEFAULT_GRADING_RULES: GradingRuleSet = parseGradingRuleSet(
  {
    version: 'grading-rules@2026-01',
    title: '网络舆情分级 (篇三 第三条、第十二条)',
    basis: '华宁公路分局网络舆情处置细则 第三条 (三级分类)、第十二条 (特别重大)',
    sources: [
      { criterion: 'central-media', level: 'level-1', reachTiers: ['central-media'] },
      { criterion: 'national-portal', level: 'level-1', reachTiers: ['national-portal'] },
      { criterion: 'provincial-media', level: 'level-2', reachTiers: ['provincial-media'] },
      { criterion: 'provincial-portal', level: 'level-2', reachTiers: ['provincial-portal'] },
      {
        criterion: 'main-city-site',
        level: 'level-2',
        reachTiers: ['city-site'],
        outlets: ['玉溪网', '玉溪日报', '玉溪新闻网', '玉溪广播电视台'],
        platforms: ['news-site', 'portal'],
      },
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
