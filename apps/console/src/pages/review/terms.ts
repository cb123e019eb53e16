import type { Tone } from '../../components/Chip';

// The review's terms in Chinese. They mirror libs/contracts (FINDING_KINDS, FINDING_SEVERITIES, the rating line's
// statuses): the console imports no workspace library, so a code added there shows here by its code until added.

/** What a finding is, as 第二十八条 names it. */
export const FINDING_KINDS: Record<string, string> = {
  'late-report': '迟报',
  'missed-report': '漏报',
  'concealed-report': '瞒报',
  'false-report': '谎报',
  'unapproved-release': '擅自发布',
  leak: '泄露信息',
  'poor-handling': '处置不力',
  'guidance-not-done': '不按要求开展舆情引导',
};

export const kindLabel = (kind: string): string => FINDING_KINDS[kind] ?? kind;

export const SEVERITIES: Record<string, { label: string; tone: Tone }> = {
  general: { label: '一般', tone: 'grey' },
  major: { label: '较重', tone: 'orange' },
  serious: { label: '严重', tone: 'red' },
};

/** A finding's status in the list (the read model's): nothing is a violation until ruled. */
export const FINDING_STATUS: Record<string, { label: string; tone: Tone }> = {
  pending: { label: '待认定', tone: 'gold' },
  confirmed: { label: '已认定', tone: 'red' },
  dismissed: { label: '不予认定', tone: 'green' },
  appealed: { label: '申诉中', tone: 'blue' },
};

/** A rating line's status: how the finding counted when the rating was computed. */
export const LINE_STATUS: Record<string, string> = {
  confirmed: '已认定',
  dismissed: '不予认定（含申诉撤销）',
  pending: '待认定（不计分）',
  superseded: '同一事项已按更重的问题计分',
};

export const RATINGS: Record<string, { label: string; tone: Tone }> = {
  excellent: { label: '优秀', tone: 'green' },
  qualified: { label: '合格', tone: 'blue' },
  unqualified: { label: '不合格', tone: 'red' },
};

export const APPEAL_OUTCOMES: Record<string, string> = { upheld: '维持认定', overturned: '撤销认定' };

/** The context an evidence event was published by (its type's prefix). */
export const CONTEXTS: Record<string, string> = {
  ingestion: '采集',
  grading: '定级',
  reporting: '报送',
  guidance: '口径与发布',
  archive: '档案',
  review: '考评',
};

export const contextOf = (type: string): string => {
  const context = type.split('.')[0] ?? type;
  return CONTEXTS[context] ?? context;
};

/** The evidence events the detectors cite that the shared timeline labels (components/terms) do not name. */
export const EVIDENCE_LABELS: Record<string, string> = {
  'ingestion.IncidentDetected': '发现事件',
  'ingestion.ItemCaptured': '采集信息',
  'ingestion.ItemAttachedToIncident': '信息归入事件',
  'ingestion.ItemTransferredIn': '上级转办信息',
  'ingestion.ItemVerified': '核实',
  'reporting.ReportingObligationCancelled': '报送义务撤销',
  'reporting.ReportingObligationCarriedOver': '报送义务转入合并事件',
  'reporting.ReportingObligationReopened': '报送义务恢复',
  'reporting.ReportingObligationTakenOver': '报送义务由上级承接',
  'reporting.FollowUpTaskCompleted': '督办任务办结',
  'reporting.FollowUpTaskOverdue': '督办任务超时',
  'reporting.HandlingCompleted': '处置完毕',
  'reporting.HandlingResultReported': '处置结果回告',
  'reporting.TransferResponseOwed': '转办待回告',
  'reporting.TransferAnswered': '转办已回告',
  'reporting.TransferResponseOverdue': '转办回告超时',
  'guidance.OnlineGuidanceProposed': '网上引导任务',
  'guidance.GuidanceTaskOverdue': '网评引导任务超时未反馈',
  'guidance.UnapprovedReleaseDetected': '发现未经审批的发布',
};
