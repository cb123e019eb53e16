import type { OrgUnitKind, Role } from '@yuqing/auth';

// The demo deployment loaded by `npm start` (YUQING_DEMO=1): 昆明市 with two counties (宜良县, 石林县), their towns,
// bureaus and departments, the city's special units, another city (曲靖市) to show that nothing crosses, and a
// user for every role. Every demo user's password is YUQING_DEMO_PASSWORD.

export interface DemoOrgUnit {
  readonly orgUnit: string;
  readonly kind: OrgUnitKind;
  readonly name: string;
}

export const DEMO_ORG_UNITS: readonly DemoOrgUnit[] = [
  { orgUnit: 'cn.yn', kind: 'province', name: '云南省' },
  { orgUnit: 'cn.yn.km', kind: 'city', name: '昆明市' },
  { orgUnit: 'cn.yn.km.wxb', kind: 'internet-office', name: '昆明市委网信办' },
  { orgUnit: 'cn.yn.km.lg', kind: 'leading-group', name: '昆明市网络舆情工作领导小组' },
  { orgUnit: 'cn.yn.km.lg.bgs', kind: 'leading-group-office', name: '领导小组办公室' },
  { orgUnit: 'cn.yn.km.swdbs', kind: 'supervision-office', name: '市委督办室' },
  { orgUnit: 'cn.yn.km.zfdbs', kind: 'supervision-office', name: '市政府督办室' },
  { orgUnit: 'cn.yn.km.glj', kind: 'bureau', name: '昆明市公路局' },
  { orgUnit: 'cn.yn.km.yl', kind: 'county', name: '宜良县' },
  { orgUnit: 'cn.yn.km.yl.wxb', kind: 'internet-office', name: '宜良县委网信办' },
  { orgUnit: 'cn.yn.km.yl.xcb', kind: 'department', name: '宜良县委宣传部' },
  { orgUnit: 'cn.yn.km.yl.kyz', kind: 'town', name: '匡远街道' },
  { orgUnit: 'cn.yn.km.yl.kyz.dzb', kind: 'department', name: '匡远街道党政综合办' },
  { orgUnit: 'cn.yn.km.yl.jtj', kind: 'bureau', name: '宜良县交通运输局' },
  { orgUnit: 'cn.yn.km.yl.jtj.bgs', kind: 'department', name: '宜良县交通运输局办公室' },
  { orgUnit: 'cn.yn.km.yl.zb-lmtx', kind: 'special-team', name: '宜良县“路面塌陷”舆情处置专班' },
  { orgUnit: 'cn.yn.km.sl', kind: 'county', name: '石林县' },
  { orgUnit: 'cn.yn.km.sl.wxb', kind: 'internet-office', name: '石林县委网信办' },
  { orgUnit: 'cn.yn.km.sl.lfz', kind: 'town', name: '鹿阜街道' },
  { orgUnit: 'cn.yn.km.sl.lfz.dzb', kind: 'department', name: '鹿阜街道党政综合办' },
  { orgUnit: 'cn.yn.qj', kind: 'city', name: '曲靖市' },
  { orgUnit: 'cn.yn.qj.wxb', kind: 'internet-office', name: '曲靖市委网信办' },
  { orgUnit: 'cn.yn.qj.ql', kind: 'county', name: '麒麟区' },
];

export interface DemoUser {
  readonly username: string;
  readonly displayName: string;
  readonly post: string;
  readonly orgUnit: string;
  readonly grants: readonly { role: Role; orgUnit: string }[];
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    username: 'km.wxb',
    displayName: '张伟',
    post: '昆明市委网信办主任',
    orgUnit: 'cn.yn.km.wxb',
    grants: [{ role: 'internet-office', orgUnit: 'cn.yn.km' }],
  },
  {
    username: 'km.grading',
    displayName: '刘晓燕',
    post: '市网管办定级审核员',
    orgUnit: 'cn.yn.km.wxb',
    grants: [{ role: 'grading-authority', orgUnit: 'cn.yn.km' }],
  },
  {
    username: 'km.leader',
    displayName: '赵志刚',
    post: '昆明市委常委、宣传部部长',
    orgUnit: 'cn.yn.km',
    grants: [{ role: 'principal-leader', orgUnit: 'cn.yn.km' }],
  },
  {
    username: 'km.lgo',
    displayName: '李娜',
    post: '市舆情工作领导小组办公室科长',
    orgUnit: 'cn.yn.km.lg.bgs',
    grants: [{ role: 'leading-group-office', orgUnit: 'cn.yn.km' }],
  },
  {
    username: 'km.dbs',
    displayName: '王磊',
    post: '市委督查室督查专员',
    orgUnit: 'cn.yn.km.swdbs',
    grants: [{ role: 'supervision-office', orgUnit: 'cn.yn.km' }],
  },
  {
    username: 'km.auditor',
    displayName: '赵敏',
    post: '市委网信办考评审计员',
    orgUnit: 'cn.yn.km.wxb',
    grants: [{ role: 'auditor', orgUnit: 'cn.yn.km' }],
  },
  {
    username: 'yl.wxb',
    displayName: '陈明',
    post: '宜良县委网信办主任',
    orgUnit: 'cn.yn.km.yl.wxb',
    grants: [{ role: 'internet-office', orgUnit: 'cn.yn.km.yl' }],
  },
  {
    username: 'yl.monitor',
    displayName: '杨帆',
    post: '宜良县委网信办舆情监测员',
    orgUnit: 'cn.yn.km.yl.wxb',
    grants: [{ role: 'monitor', orgUnit: 'cn.yn.km.yl' }],
  },
  {
    username: 'yl.leader',
    displayName: '王建国',
    post: '宜良县委常委、宣传部部长',
    orgUnit: 'cn.yn.km.yl',
    grants: [{ role: 'principal-leader', orgUnit: 'cn.yn.km.yl' }],
  },
  {
    username: 'yl.jtj.admin',
    displayName: '孙丽',
    post: '县交通运输局办公室舆情管理员',
    orgUnit: 'cn.yn.km.yl.jtj.bgs',
    grants: [{ role: 'opinion-admin', orgUnit: 'cn.yn.km.yl.jtj' }],
  },
  {
    username: 'yl.jtj.spokesperson',
    displayName: '周强',
    post: '县交通运输局网络发言人',
    orgUnit: 'cn.yn.km.yl.jtj',
    grants: [{ role: 'spokesperson', orgUnit: 'cn.yn.km.yl.jtj' }],
  },
  {
    username: 'yl.team',
    displayName: '吴涛',
    post: '处置专班成员',
    orgUnit: 'cn.yn.km.yl.zb-lmtx',
    grants: [{ role: 'special-team-member', orgUnit: 'cn.yn.km.yl.zb-lmtx' }],
  },
  {
    username: 'yl.publicity',
    displayName: '郑洁',
    post: '县委宣传部新闻科科长',
    orgUnit: 'cn.yn.km.yl.xcb',
    grants: [{ role: 'publicity-department', orgUnit: 'cn.yn.km.yl' }],
  },
  {
    username: 'yl.commentator',
    displayName: '黄磊',
    post: '县委网信办网评员',
    orgUnit: 'cn.yn.km.yl.wxb',
    grants: [{ role: 'online-commentator', orgUnit: 'cn.yn.km.yl' }],
  },
  {
    username: 'kyz.monitor',
    displayName: '何静',
    post: '匡远街道舆情监测员',
    orgUnit: 'cn.yn.km.yl.kyz.dzb',
    grants: [{ role: 'monitor', orgUnit: 'cn.yn.km.yl.kyz' }],
  },
  {
    username: 'sl.wxb',
    displayName: '马超',
    post: '石林县委网信办主任',
    orgUnit: 'cn.yn.km.sl.wxb',
    grants: [{ role: 'internet-office', orgUnit: 'cn.yn.km.sl' }],
  },
  {
    username: 'sl.monitor',
    displayName: '许婷',
    post: '石林县委网信办舆情监测员',
    orgUnit: 'cn.yn.km.sl.wxb',
    grants: [{ role: 'monitor', orgUnit: 'cn.yn.km.sl' }],
  },
  {
    username: 'qj.wxb',
    displayName: '罗军',
    post: '曲靖市委网信办主任',
    orgUnit: 'cn.yn.qj.wxb',
    grants: [{ role: 'internet-office', orgUnit: 'cn.yn.qj' }],
  },
];

export const DEMO_CLIENTS = [
  {
    clientId: 'yl-crawler',
    name: '宜良县网信办 采集程序',
    orgUnit: 'cn.yn.km.yl',
    scopes: ['ingestion.capture-item', 'events.stream'],
  },
] as const;
