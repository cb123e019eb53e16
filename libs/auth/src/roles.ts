/** The roles a user (or a machine client) holds in an org unit, with the Chinese office each stands for. */
export const ROLES = {
  monitor: '网络舆情监控人员/监测员',
  'opinion-admin': '舆情管理员',
  spokesperson: '网络发言人/分管领导',
  'principal-leader': '主要领导/第一责任人',
  'leading-group-office': '领导小组办公室',
  'special-team-member': '处置专班成员',
  'grading-authority': '定级机关',
  'internet-office': '网信办/网管办',
  'supervision-office': '督办室',
  // 第二十一条: 一级 releases may be approved by the party committee's publicity department (宣传部门).
  'publicity-department': '党委宣传部',
  // 第二十二条: online commentators carry out guidance tasks under the internet office's direction.
  'online-commentator': '网评员',
  auditor: '审计/考评 (只读, 可回放与校验)',
  integrator: '接入方 (机器客户端)',
} as const;

export type Role = keyof typeof ROLES;

export const ROLE_NAMES = Object.keys(ROLES) as Role[];

/** Roles held by people; `integrator` is held by machine clients only. */
export const HUMAN_ROLES = ROLE_NAMES.filter((role) => role !== 'integrator');

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ROLES, value);
}
