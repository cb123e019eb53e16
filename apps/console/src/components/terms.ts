import type { Grade, GradeLevel } from '../api/types';

// The Chinese terms of the domain's codes (the vocabularies of libs/contracts, as the work plans say them).

export const LEVELS: Record<GradeLevel, string> = { 'level-1': '一级', 'level-2': '二级', 'level-3': '三级' };

export function gradeLabel(grade: Grade | null | undefined): string {
  if (!grade) return '未定级';
  return grade.exceptional ? '一级（特别重大）' : (LEVELS[grade.level] ?? grade.level);
}

const REACH: Record<string, string> = {
  'central-media': '中央媒体',
  'national-portal': '全国性门户网站',
  'provincial-media': '省级媒体',
  'provincial-portal': '省级新闻网站',
  'city-site': '市级网站',
  local: '县乡本地',
  'individual-account': '个人账号（自媒体）',
};

export const reachLabel = (tier: string | null | undefined): string => (tier ? (REACH[tier] ?? tier) : '—');

export const REPORT_KINDS: Record<string, string> = {
  'phone-flash': '电话速报（30分钟内，含短信）',
  'paper-flash': '书面快报（1小时内）',
  'top-level-report': '特别重大舆情立即上报',
  'provincial-report': '向省级报告',
  bulletin: '《网上舆情》报送',
  'handling-result': '直办回告',
  'leader-board-referral': '领导留言板转督办室',
  'handling-summary': '处置情况总结上报',
};

export const STANDINGS: Record<string, string> = {
  pending: '待报送',
  'carried-over': '已转入合并事件',
  overdue: '已超时',
  fulfilled: '已报送',
  'fulfilled-late': '迟报',
  cancelled: '已撤销',
};

export const CRITERIA: Record<string, string> = {
  'national-attention': '已引起全国关注（特别重大）',
  'province-wide-attention': '已引起全省关注（特别重大）',
  'central-media': '中央媒体关注或报道',
  'national-portal': '全国性大型门户网站发布并广泛关注',
  'social-hot-spot': '社会热点或可能成为重大网络事件',
  'grew-from-level-2': '二级舆情处置不当升级',
  'large-online-impact': '网上影响较大，可能成为热点',
  'provincial-media': '省级媒体报道',
  'provincial-portal': '省级新闻网站发布',
  'main-city-site': '市主要网站发布',
  'major-livelihood-demand': '重大民生诉求需市级协调',
  'grew-from-level-3': '三级舆情处置不当升级',
  'ordinary-complaint': '一般性举报、投诉、民生诉求',
  'merged-incident': '并入事件原定级别',
};

export const ROLES: Record<string, string> = {
  monitor: '监测员',
  'opinion-admin': '舆情管理员',
  spokesperson: '网络发言人/分管领导',
  'principal-leader': '主要领导',
  'leading-group-office': '领导小组办公室',
  'special-team-member': '处置专班成员',
  'grading-authority': '定级机关',
  'internet-office': '网信办',
  'supervision-office': '督办室',
  'publicity-department': '党委宣传部',
  'online-commentator': '网评员',
  auditor: '审计',
  integrator: '接入方',
};

/** What the history timeline calls each decision or fact. */
export const EVENT_LABELS: Record<string, string> = {
  'grading.GradeProposed': '拟定级别',
  'grading.GradeConfirmed': '确认定级',
  'grading.GradeOverridden': '改定级别',
  'grading.GradeEscalated': '升级',
  'grading.GradeDowngraded': '降级',
  'grading.IncidentCategorised': '归类',
  'grading.AssessmentConvened': '召开研判',
  'grading.AssessmentConcluded': '研判结论',
  'grading.HandlingPlanAdopted': '确定处置方案',
  'grading.SpecialTeamFormed': '成立处置专班',
  'grading.EmergencyPlanActivated': '启动应急预案',
  'grading.GenuinenessJudged': '真伪判断',
  'grading.MergedIncidentGradeNoted': '合并事件定级',
  'reporting.ReportingObligationOpened': '报送义务产生',
  'reporting.ReportingObligationFulfilled': '已报送',
  'reporting.ReportOverdue': '报送超时',
  'reporting.FlashReportSent': '速报已发出',
  'reporting.BulletinSubmitted': '《网上舆情》已报送',
  'reporting.BulletinSignedOff': '领导批示',
  'reporting.FollowUpTaskOpened': '督办任务',
};

export const DISMISS_REASONS: Record<string, string> = {
  fabricated: '伪舆情',
  'outside-jurisdiction': '不涉本辖区',
  'not-public-opinion': '非舆情',
  duplicate: '重复',
};

export const ACCURACY: Record<string, string> = {
  accurate: '属实',
  'partly-accurate': '部分属实',
  inaccurate: '不属实',
  undetermined: '尚未查清',
};

export const ESCALATION_TRIGGERS: Record<string, string> = {
  'grew-through-poor-handling': '处置不当升级',
  'heat-rose': '热度上升',
  'wider-reach': '传播层级扩大',
  'new-evidence': '新证据',
  'authority-decision': '定级机关决定',
};
