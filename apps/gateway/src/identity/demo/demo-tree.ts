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
  readonly orgUnit: string;
  readonly grants: readonly { role: Role; orgUnit: string }[];
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    username: 'km.wxb',
    displayName: '昆明市网信办 张主任',
    orgUnit: 'cn.yn.km.wxb',
    grants: [{ role: 'internet-office', orgUnit: 'cn.yn.km' }],
  },
  {
    username: 'km.grading',
    displayName: '市网管办 定级审核',
    orgUnit: 'cn.yn.km.wxb',
    grants: [{ role: 'grading-authority', orgUnit: 'cn.yn.km' }],
  },
  {
    username: 'km.leader',
    displayName: '昆明市 主要领导',
    orgUnit: 'cn.yn.km',
    grants: [{ role: 'principal-leader', orgUnit: 'cn.yn.km' }],
  },
  {
    username: 'km.lgo',
    displayName: '领导小组办公室 李科长',
    orgUnit: 'cn.yn.km.lg.bgs',
    grants: [{ role: 'leading-group-office', orgUnit: 'cn.yn.km' }],
  },
  {
    username: 'km.dbs',
    displayName: '市委督办室 王督办',
    orgUnit: 'cn.yn.km.swdbs',
    grants: [{ role: 'supervision-office', orgUnit: 'cn.yn.km' }],
  },
  {
    username: 'km.auditor',
    displayName: '考评审计 赵审计',
    orgUnit: 'cn.yn.km.wxb',
    grants: [{ role: 'auditor', orgUnit: 'cn.yn.km' }],
  },
  {
    username: 'yl.wxb',
    displayName: '宜良县网信办 陈主任',
    orgUnit: 'cn.yn.km.yl.wxb',
    grants: [{ role: 'internet-office', orgUnit: 'cn.yn.km.yl' }],
  },
  {
    username: 'yl.monitor',
    displayName: '宜良县 值班监测员',
    orgUnit: 'cn.yn.km.yl.wxb',
    grants: [{ role: 'monitor', orgUnit: 'cn.yn.km.yl' }],
  },
  {
    username: 'yl.leader',
    displayName: '宜良县 主要领导',
    orgUnit: 'cn.yn.km.yl',
    grants: [{ role: 'principal-leader', orgUnit: 'cn.yn.km.yl' }],
  },
  {
    username: 'yl.jtj.admin',
    displayName: '县交通运输局 舆情管理员',
    orgUnit: 'cn.yn.km.yl.jtj.bgs',
    grants: [{ role: 'opinion-admin', orgUnit: 'cn.yn.km.yl.jtj' }],
  },
  {
    username: 'yl.jtj.spokesperson',
    displayName: '县交通运输局 网络发言人',
    orgUnit: 'cn.yn.km.yl.jtj',
    grants: [{ role: 'spokesperson', orgUnit: 'cn.yn.km.yl.jtj' }],
  },
  {
    username: 'yl.team',
    displayName: '处置专班 成员',
    orgUnit: 'cn.yn.km.yl.zb-lmtx',
    grants: [{ role: 'special-team-member', orgUnit: 'cn.yn.km.yl.zb-lmtx' }],
  },
  {
    username: 'yl.publicity',
    displayName: '县委宣传部 新闻科',
    orgUnit: 'cn.yn.km.yl.xcb',
    grants: [{ role: 'publicity-department', orgUnit: 'cn.yn.km.yl' }],
  },
  {
    username: 'yl.commentator',
    displayName: '县网信办 网评员',
    orgUnit: 'cn.yn.km.yl.wxb',
    grants: [{ role: 'online-commentator', orgUnit: 'cn.yn.km.yl' }],
  },
  {
    username: 'kyz.monitor',
    displayName: '匡远街道 监测员',
    orgUnit: 'cn.yn.km.yl.kyz.dzb',
    grants: [{ role: 'monitor', orgUnit: 'cn.yn.km.yl.kyz' }],
  },
  {
    username: 'sl.wxb',
    displayName: '石林县网信办 主任',
    orgUnit: 'cn.yn.km.sl.wxb',
    grants: [{ role: 'internet-office', orgUnit: 'cn.yn.km.sl' }],
  },
  {
    username: 'sl.monitor',
    displayName: '石林县 值班监测员',
    orgUnit: 'cn.yn.km.sl.wxb',
    grants: [{ role: 'monitor', orgUnit: 'cn.yn.km.sl' }],
  },
  {
    username: 'qj.wxb',
    displayName: '曲靖市网信办 主任',
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
