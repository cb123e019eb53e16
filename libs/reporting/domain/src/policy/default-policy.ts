import { parseReportingPolicy, type ReportingPolicy } from './reporting-policy';

/**
 * The default reporting policy, read from 篇三 第十二至十五条、第十七条 and 篇一 二(二) of the seed (a deployment
 * ships its own file):
 *
 * - 特别重大 (第十二条): reported to the top at once (15 minutes), plus the 一级 flash reports and the province.
 * - 一级 快报制 (第十三条): phone/SMS flash to the city bureau's principal leader within 30 minutes of the opinion
 *   arising; paper flash within 1 hour; the province too when central media or a national portal carry it.
 * - 二级 (第十四条): a 《网上舆情》 bulletin to the city bureau; a sign-off (签批) awaited for 24 hours, after which
 *   it is left unsigned and monitored; a rise of 15 heat points then re-opens reporting (第十七条).
 * - 三级 直办制 (第十五条): the department handles it and reports back (回告) within 72 hours, with the outcome
 *   posted online.
 * - 《地方领导留言板》 items go to the matching supervision office (督办室) within 24 hours (第十七条).
 *
 * - 处置总结 (篇一 二(二)): once the handling is declared complete, its summary is reported within 3 days; for 一级
 *   and 二级 with all four parts (the case library's, 第二十六条). A transferred item (转办) is answered by the time
 *   the transfer set, reminded 4 hours before.
 *
 * Numbers the seed does not give (the bulletin's 4 hours, 72 hours, 24 hours, 15 points, the summary's 3 days) are
 * this file's judgement.
 */
export const DEFAULT_REPORTING_POLICY: ReportingPolicy = parseReportingPolicy(
  {
    version: 'reporting-rules@2026-01',
    title: '网络舆情报送 (篇三 第十二至十五条、第十七条; 篇一 二(二))',
    basis:
      '华宁公路分局网络舆情处置细则 第十二至十五条 (快报制、《网上舆情》、直办制)、第十七条 (签批、督办、留言板)',
    clockStart: 'first-capture',
    obligations: {
      exceptional: ['top-level-report', 'phone-flash', 'paper-flash', 'provincial-report'],
      'level-1': ['phone-flash', 'paper-flash'],
      'level-2': ['bulletin'],
      'level-3': ['handling-result'],
    },
    deadlines: {
      'top-level-report': { minutes: 15, from: 'incident-start' },
      'phone-flash': { minutes: 30, from: 'incident-start' },
      'paper-flash': { minutes: 60, from: 'incident-start' },
      'provincial-report': { minutes: 120, from: 'graded' },
      bulletin: { minutes: 240, from: 'graded' },
      'handling-result': { minutes: 72 * 60, from: 'graded' },
      'leader-board-referral': { minutes: 24 * 60, from: 'incident-start' },
      // 处置完…总结分析…上报 (篇一 二(二)): the seed gives no number; 3 days from the handling's completion.
      'handling-summary': { minutes: 3 * 24 * 60, from: 'graded' },
    },
    provincialReport: { whenWidestReach: ['central-media', 'national-portal'] },
    reminders: {
      default: [60],
      byKind: {
        'top-level-report': [5],
        'phone-flash': [10],
        'paper-flash': [15],
        'handling-result': [24 * 60, 120],
      },
    },
    signOff: { waitMinutes: 24 * 60 },
    monitoring: { reopenOnHeatRise: 15 },
    followUp: { dueMinutes: 48 * 60 },
    directHandling: { requirePublicReply: true },
    transfers: { reminderLeadMinutes: [4 * 60] },
    handlingSummary: { allPartsFor: ['level-1', 'level-2'] },
    leaderBoard: {
      partySecretaryWords: ['书记'],
      governmentHeadWords: ['省长', '市长', '州长'],
    },
    orgTree: {
      provinceDepth: 2,
      cityDepth: 3,
      officeSegments: ['wxb', 'wgb', 'swdbs', 'zfdbs', 'lg', 'bgs', 'dzb'],
      partyCommitteeSupervisionOffice: 'swdbs',
      governmentSupervisionOffice: 'zfdbs',
    },
  },
  'default',
);
