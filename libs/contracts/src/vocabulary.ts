import { z } from 'zod';

// The domain's closed vocabularies, each a stable English code with its Chinese term. Codes go on the wire and
// into storage; the Chinese terms are what the console shows and what the rules (the seed's 篇一–篇三) say.

/** A code with its Chinese term and an English gloss. */
export interface Term {
  readonly zh: string;
  readonly en: string;
}

/** Renders a vocabulary as a one-line description: `code = 中文, English; …`. */
function describeTerms(terms: Readonly<Record<string, Term>>): string {
  return Object.entries(terms)
    .map(([code, term]) => `${code} = ${term.zh}, ${term.en}`)
    .join('; ');
}

function codesOf<T extends string>(terms: Readonly<Record<T, Term>>): [T, ...T[]] {
  return Object.keys(terms) as [T, ...T[]];
}

// ---- Grades (定级, 第三条) ----

export const GRADE_LEVELS = {
  'level-1': { zh: '一级 (重大)', en: 'major: a social hot spot, central media or a national portal' },
  'level-2': { zh: '二级 (严重)', en: 'serious: provincial media or portal, main city sites' },
  'level-3': { zh: '三级 (一般)', en: 'general: ordinary tip-offs and complaints on city sites' },
} as const satisfies Record<string, Term>;
export type GradeLevel = keyof typeof GRADE_LEVELS;

export const gradeLevel = z
  .enum(codesOf(GRADE_LEVELS))
  .describe(`Grade level: ${describeTerms(GRADE_LEVELS)}.`);

/**
 * A grade: its level, and whether it is 特别重大 (exceptional: already national attention, reported to the top at
 * once, 第十二条). Only a level-1 incident can be exceptional.
 */
export const grade = z
  .object({
    level: gradeLevel,
    exceptional: z
      .boolean()
      .describe('特别重大 (exceptional): already national attention; only with level-1 (第十二条).'),
  })
  .refine((g) => !g.exceptional || g.level === 'level-1', {
    message: 'only a level-1 grade can be exceptional (特别重大)',
    path: ['exceptional'],
  })
  .describe('A grade (定级): level plus the 特别重大 flag.');
export type Grade = z.infer<typeof grade>;

/** Orders grades by severity (3 = 三级 … 1 = 一级, 0 = 特别重大), lower is more severe, as the rules count them. */
export function gradeSeverity(g: Grade): number {
  if (g.exceptional) return 0;
  return Number(g.level.slice('level-'.length));
}

/** The conditions of 第三条 (and 第十二条) that a grade proposal can cite. */
export const GRADING_CRITERIA = {
  'national-attention': { zh: '已引起全国关注 (特别重大)', en: 'already national attention' },
  'province-wide-attention': {
    zh: '已引起全省关注 (特别重大)',
    en: 'already province-wide attention (outlets of several cities)',
  },
  'central-media': { zh: '中央媒体关注或报道', en: 'central-level media attention or report' },
  'national-portal': { zh: '全国性大型门户网站发布并广泛关注', en: 'published by a large national portal' },
  'social-hot-spot': { zh: '社会热点或可能成为重大网络事件', en: 'a social hot spot or likely major event' },
  'grew-from-level-2': { zh: '二级舆情处置不当升级', en: 'a level-2 incident grown through poor handling' },
  'large-online-impact': { zh: '网上影响较大，可能成为热点', en: 'large online impact, may become hot' },
  'provincial-media': { zh: '省级媒体报道', en: 'provincial media report' },
  'provincial-portal': { zh: '省级新闻网站发布', en: 'published by the provincial news portal' },
  'main-city-site': { zh: '市主要网站发布', en: 'published on a main city site' },
  'major-livelihood-demand': { zh: '重大民生诉求需市级协调', en: 'major livelihood demand needing the city' },
  'grew-from-level-3': { zh: '三级舆情处置不当升级', en: 'a level-3 incident grown through poor handling' },
  'ordinary-complaint': { zh: '一般性举报、投诉、民生诉求', en: 'ordinary tip-off, complaint or request' },
  'merged-incident': {
    zh: '并入事件原定级别（合并后不低于）',
    en: 'the grade in force of an incident merged into this one',
  },
} as const satisfies Record<string, Term>;
export type GradingCriterion = keyof typeof GRADING_CRITERIA;

export const gradingCriterion = z
  .enum(codesOf(GRADING_CRITERIA))
  .describe(`A grading condition (第三条): ${describeTerms(GRADING_CRITERIA)}.`);

// ---- Categories (篇一 二(三)) ----

export const STANDARD_CATEGORIES = {
  'poverty-alleviation': { zh: '脱贫攻坚', en: 'poverty alleviation' },
  'social-stability': { zh: '社会稳定', en: 'social stability' },
  livelihood: { zh: '民生民利', en: "people's livelihood" },
  'economic-development': { zh: '经济发展', en: 'economic development' },
  'social-governance': { zh: '社会治理', en: 'social governance' },
  'public-services': { zh: '便民服务', en: 'services for the public' },
  'environmental-sanitation': { zh: '环境卫生', en: 'environment and sanitation' },
  disputes: { zh: '矛盾纠纷', en: 'conflicts and disputes' },
} as const satisfies Record<string, Term>;
export type StandardCategory = keyof typeof STANDARD_CATEGORIES;

/** Deployments add their own categories (篇二: court conduct, judicial cases) as `custom:<slug>`. */
export const CUSTOM_CATEGORY_PATTERN = /^custom:[a-z0-9][a-z0-9-]{0,62}$/;

export const category = z
  .union([
    z.enum(codesOf(STANDARD_CATEGORIES)),
    z
      .string()
      .regex(CUSTOM_CATEGORY_PATTERN)
      .describe('A deployment-defined category, e.g. `custom:court-conduct`.'),
  ])
  .describe(
    `Category (分类): ${describeTerms(STANDARD_CATEGORIES)}; or a deployment's own \`custom:<slug>\`.`,
  );
export type Category = z.infer<typeof category>;

// ---- Where items appear ----

export const PLATFORMS = {
  'news-site': { zh: '新闻网站', en: 'news site' },
  portal: { zh: '门户网站', en: 'web portal' },
  forum: { zh: '论坛', en: 'forum' },
  blog: { zh: '博客', en: 'blog' },
  weibo: { zh: '微博', en: 'Weibo' },
  wechat: { zh: '微信', en: 'WeChat' },
  'qq-group': { zh: 'QQ群', en: 'QQ group' },
  'short-video': { zh: '短视频', en: 'short-video platform' },
  'leader-message-board': { zh: '人民网《地方领导留言板》', en: "People's Daily leader message board" },
  'media-tip-off': { zh: '媒体爆料', en: 'tip-off from the media' },
  other: { zh: '其他', en: 'other' },
} as const satisfies Record<string, Term>;
export type Platform = keyof typeof PLATFORMS;

export const platform = z.enum(codesOf(PLATFORMS)).describe(`Platform (平台): ${describeTerms(PLATFORMS)}.`);

/** How far a source reaches, widest first; grading reads it (central media → level-1, provincial → level-2…). */
export const REACH_TIERS = {
  'central-media': { zh: '中央媒体', en: 'central media' },
  'national-portal': { zh: '全国性门户网站', en: 'national portal' },
  'provincial-media': { zh: '省级媒体', en: 'provincial media' },
  'provincial-portal': { zh: '省级新闻网站 (如云南网)', en: 'provincial news portal' },
  'city-site': { zh: '市级网站', en: 'city site' },
  local: { zh: '县乡本地', en: 'local (county or town)' },
  'individual-account': { zh: '个人账号 (自媒体)', en: 'individual account' },
} as const satisfies Record<string, Term>;
export type ReachTier = keyof typeof REACH_TIERS;

export const reachTier = z
  .enum(codesOf(REACH_TIERS))
  .describe(`Reach tier (影响层级): ${describeTerms(REACH_TIERS)}.`);

/** How an item came in. Who captured it (person or crawler) is the event's actor. */
export const CAPTURE_METHODS = {
  crawler: { zh: '系统监测', en: 'captured by a crawler' },
  integrator: { zh: '接口推送', en: 'pushed by an integrator' },
  manual: { zh: '人工收集', en: 'entered by a monitor on duty' },
  'media-tip-off': { zh: '媒体爆料', en: 'reported by the media' },
} as const satisfies Record<string, Term>;
export type CaptureMethod = keyof typeof CAPTURE_METHODS;

export const captureMethod = z
  .enum(codesOf(CAPTURE_METHODS))
  .describe(`Capture method (收集方式): ${describeTerms(CAPTURE_METHODS)}.`);

// ---- Reporting (报送, 第十三至十五条) ----

export const REPORT_KINDS = {
  'phone-flash': { zh: '电话/短信快报 (30分钟内)', en: 'L1 phone/SMS flash report within 30 minutes' },
  'paper-flash': { zh: '书面快报 (1小时内)', en: 'L1 paper flash report within 1 hour' },
  'top-level-report': { zh: '特别重大舆情立即上报', en: 'exceptional incident reported to the top at once' },
  'provincial-report': { zh: '向省级报告', en: 'report to the province where needed' },
  bulletin: { zh: '《网上舆情》报送', en: 'L2 bulletin to the city bureau' },
  'handling-result': { zh: '直办回告', en: 'L3 handling result reported back' },
  'leader-board-referral': {
    zh: '领导留言板转督办室',
    en: 'leader message-board item to a supervision office',
  },
  'handling-summary': { zh: '处置情况总结上报', en: 'summary of how it was handled' },
} as const satisfies Record<string, Term>;
export type ReportKind = keyof typeof REPORT_KINDS;

export const reportKind = z
  .enum(codesOf(REPORT_KINDS))
  .describe(`Report kind (报送类型): ${describeTerms(REPORT_KINDS)}.`);

/** Who approves releases for an incident (第二十一条), granted together with handling authority (三同步). */
export const RELEASE_APPROVERS = {
  'special-team': { zh: '处置专班', en: 'special team (L1)' },
  'propaganda-department': { zh: '宣传部门', en: 'propaganda department (L1)' },
  'leading-group-office': { zh: '领导小组办公室', en: 'leading-group office (L2)' },
  'department-supervising-leader': { zh: '部门分管领导', en: "department's supervising leader (L3)" },
  // 第二十一条: a 三级 reply may instead go out after consulting the city bureau (商请市局有关部门).
  'city-bureau-department': { zh: '市局有关部门（商请）', en: 'city bureau department consulted (L3)' },
} as const satisfies Record<string, Term>;
export type ReleaseApprover = keyof typeof RELEASE_APPROVERS;

export const releaseApprover = z
  .enum(codesOf(RELEASE_APPROVERS))
  .describe(`Release approver (发布审批): ${describeTerms(RELEASE_APPROVERS)}.`);
