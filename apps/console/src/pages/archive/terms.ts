// The archive's terms in Chinese. The entry kinds mirror libs/contracts CASE_ENTRY_KINDS (the console imports no
// workspace library): a kind added there shows here by its code until it is added.

export const ENTRY_KINDS: Record<string, string> = {
  'incident-detected': '发现事件',
  item: '舆情信息',
  'media-report': '媒体报道',
  'item-verified': '核实',
  'item-dismissed': '排除',
  'incident-merged': '合并与拆分',
  'grade-proposed': '拟定级别',
  'grade-in-force': '定级',
  assessment: '研判',
  'handling-plan': '处置方案与专班',
  'obligation-opened': '报送时限',
  'obligation-closed': '报送时限结束',
  'obligation-overdue': '报送超时',
  'report-sent': '报送',
  'receipt-acknowledged': '回执',
  'sign-off': '签批与批示',
  'follow-up-task': '督办任务',
  'handling-result': '处置结果',
  'handling-summary': '处置总结',
  wording: '口径',
  release: '发布',
  'response-plan': '回应方案',
};

export const entryKindLabel = (kind: string): string => ENTRY_KINDS[kind] ?? kind;

export const READ_PURPOSES: Record<string, string> = { view: '查看', export: '导出', 'as-of': '回放' };

export const CASE_STATUS: Record<string, string> = { open: '在办', closed: '已结案' };

export const CONTEXTS: Record<string, string> = {
  ingestion: '采集',
  grading: '定级',
  reporting: '报送',
  guidance: '口径与发布',
  archive: '档案',
};

/** The four parts of a summary (第二十六条), in the order the work plans name them. */
export const SUMMARY_PARTS = [
  ['whatHappened', '事件经过'],
  ['handling', '处置情况'],
  ['lessons', '经验教训'],
  ['outlook', '研判展望'],
] as const;

/** A hash shortened for reading; the full value goes in a title. */
export const shortHash = (hash: string): string => (hash.length > 14 ? `${hash.slice(0, 12)}…` : hash);
