import type { BulletinDocument } from '../bulletin/bulletin.model';
import type { Digest, DigestIncident } from '../digest/digest.model';
import type { FlashReport } from '../flash-report/flash-report.model';

// Documents as the reporting service would fill them in; times are UTC, documents show Asia/Shanghai.

export const bulletin: BulletinDocument = {
  issueNumber: '〔2026〕第12期',
  issuingOffice: '华宁公路分局网络舆情工作领导小组办公室',
  issuedAt: '2026-11-25T01:30:00Z',
  title: '关于网传华宁县盘溪镇公路塌方致车辆受阻的舆情',
  incidentId: '019a8f3e-7c41-7d2a-9b10-3f5e2c1d0a77',
  grade: { level: 'level-2', exceptional: false },
  categories: ['livelihood', 'social-governance'],
  sources: [
    {
      outlet: '云南网',
      platform: 'news-site',
      url: 'https://www.yunnan.cn/system/2026/11/25/0001.shtml',
      publishedAt: '2026-11-25T00:12:00Z',
    },
    { outlet: '华宁生活圈', platform: 'weibo', publishedAt: '2026-11-24T23:40:00+00:00' },
  ],
  summary:
    '11月25日7时40分，微博账号“华宁生活圈”发布视频称盘溪镇某路段发生塌方，多辆车辆受阻滞留。\n' +
    '截至9时，该视频转发1200余次，评论800余条，云南网予以转载。',
  assessment: '该舆情涉及群众出行安全，传播速度较快，已有省级网站转载，存在进一步扩散的风险。',
  suggestions: ['立即组织养护人员赶赴现场抢通，并设置警示标志。', '统一口径，及时通过官方微博发布路况信息。'],
  reportingDeadline: '2026-11-25T02:30:00Z',
  recipient: '玉溪公路局',
  signOff: { status: 'awaiting' },
  copyTo: ['华宁县委宣传部'],
  staff: { editor: '张晓明', reviewer: '李红', issuer: '王建国' },
};

export const flashReport: FlashReport = {
  incidentId: '019a8f3e-7c41-7d2a-9b10-3f5e2c1d0a78',
  title: '网传盘溪镇公路塌方致多车被困',
  grade: { level: 'level-1', exceptional: false },
  reportingOffice: '华宁公路分局党总支',
  recipient: '玉溪公路局主要领导',
  occurredAt: '2026-11-25T01:40:00Z',
  location: '华宁县盘溪镇S305线K12处',
  whatHappened: '微博账号“华宁生活圈”发布视频称该路段山体塌方，多辆车辆被困，暂无人员伤亡报告。',
  source: { outlet: '华宁生活圈', platform: 'weibo', publishedAt: '2026-11-25T01:38:00Z' },
  spread: { description: '已被云南网转载', views: 125_000, reposts: 1_230, comments: 860 },
  measures: ['养护人员已赶赴现场', '已设置警示标志并实施交通管制'],
  dueAt: '2026-11-25T02:10:00Z',
  sentAt: '2026-11-25T02:02:00Z',
  contact: { name: '张晓明', phone: '0877-5012345' },
};

const incident = (id: string, detectedAt: string, rest: Partial<DigestIncident> = {}): DigestIncident => ({
  incidentId: id,
  title: `舆情${id}`,
  categories: [],
  detectedAt,
  ...rest,
});

/** 25 November 2026 in Beijing: [16:00Z on the 24th, 16:00Z on the 25th). */
export const dailyDigest: Digest = {
  kind: 'daily',
  period: { from: '2026-11-25T00:00:00+08:00', to: '2026-11-26T00:00:00+08:00' },
  issuingOffice: '华宁公路分局网络舆情工作领导小组办公室',
  issuedAt: '2026-11-26T00:30:00Z',
  issueNumber: '〔2026〕第329期',
  incidents: [
    incident('A', '2026-11-25T00:10:00Z', {
      title: '盘溪镇公路塌方',
      grade: { level: 'level-2', exceptional: false },
      categories: ['livelihood', 'social-governance'],
    }),
    incident('B', '2026-11-25T03:00:00Z', {
      grade: { level: 'level-1', exceptional: false },
      categories: ['livelihood', 'livelihood'],
    }),
    incident('C', '2026-11-25T10:00:00Z'),
    incident('D', '2026-11-24T10:00:00Z', {
      grade: { level: 'level-3', exceptional: false },
      categories: ['disputes'],
    }),
    incident('E', '2026-11-25T15:59:59Z', {
      grade: { level: 'level-1', exceptional: true },
      categories: ['social-stability'],
    }),
    incident('F', '2026-11-25T16:00:00Z', { grade: { level: 'level-3', exceptional: false } }),
  ],
  obligations: [
    {
      obligationId: 'o1',
      incidentId: 'A',
      kind: 'bulletin',
      dueAt: '2026-11-25T02:30:00Z',
      fulfilledAt: '2026-11-25T02:00:00Z',
    },
    {
      obligationId: 'o2',
      incidentId: 'B',
      kind: 'phone-flash',
      dueAt: '2026-11-25T03:30:00Z',
      fulfilledAt: '2026-11-25T03:40:00Z',
    },
    {
      obligationId: 'o3',
      incidentId: 'B',
      incidentTitle: '舆情B',
      kind: 'paper-flash',
      dueAt: '2026-11-25T05:00:00Z',
    },
    { obligationId: 'o4', incidentId: 'C', kind: 'handling-result', dueAt: '2026-11-26T02:00:00Z' },
    {
      obligationId: 'o5',
      incidentId: 'E',
      kind: 'top-level-report',
      dueAt: '2026-11-25T10:00:00Z',
      fulfilledAt: '2026-11-25T17:00:00Z',
    },
    {
      obligationId: 'o6',
      incidentId: 'A',
      kind: 'paper-flash',
      dueAt: '2026-11-25T05:00:00Z',
      cancelledAt: '2026-11-25T04:00:00Z',
    },
    {
      obligationId: 'o7',
      incidentId: 'D',
      kind: 'handling-result',
      dueAt: '2026-11-24T14:00:00Z',
      fulfilledAt: '2026-11-24T12:00:00Z',
    },
    {
      obligationId: 'o8',
      incidentId: 'D',
      incidentTitle: '舆情D',
      kind: 'handling-result',
      dueAt: '2026-11-24T12:00:00Z',
    },
  ],
  notable: [{ title: '盘溪镇公路塌方', note: '省级网站已转载，需持续关注。', incidentId: 'A' }],
};
