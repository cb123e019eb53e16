import { HUMAN_ROLES, type Role } from './roles';

// The one table of who may do what. A permission is `<context>.<verb-phrase>`; each endpoint declares the one
// it needs with @Permission, and the guard checks the caller's grants against this table and the org unit the
// request concerns. Reads are also granted to the auditor (read-only, may replay and verify); the auditor holds
// no write permission. An integrator additionally needs the permission among its token's scopes.
// Permissions of contexts not built yet are declared ahead so the table reads as the whole policy.

export interface PermissionSpec {
  readonly access: 'read' | 'write';
  /** Roles that may, besides the auditor for reads. */
  readonly roles: readonly Role[];
  readonly description: string;
}

const everyone = HUMAN_ROLES.filter((role) => role !== 'auditor');
const handling: Role[] = ['opinion-admin', 'spokesperson', 'principal-leader', 'leading-group-office'];

const table = {
  // identity (apps/gateway)
  'identity.read-org-tree': { access: 'read', roles: [...everyone], description: 'see the org tree' },
  'identity.manage-org-tree': {
    access: 'write',
    roles: ['internet-office'],
    description: 'add org units, form special teams',
  },
  'identity.read-users': {
    access: 'read',
    roles: ['internet-office', 'principal-leader', 'leading-group-office'],
    description: 'list users and their grants',
  },
  'identity.manage-users': {
    access: 'write',
    roles: ['internet-office'],
    description: 'register users, set passwords',
  },
  'identity.grant-roles': {
    access: 'write',
    roles: ['internet-office'],
    description: 'grant and revoke roles',
  },
  'identity.manage-clients': {
    access: 'write',
    roles: ['internet-office'],
    description: 'register machine clients (integrators)',
  },
  'identity.read-access-denials': {
    access: 'read',
    roles: ['internet-office'],
    description: 'read the log of refused requests',
  },
  'identity.read-self': {
    access: 'read',
    roles: [...everyone, 'integrator'],
    description: 'see who the token says you are',
  },
  'events.stream': {
    access: 'read',
    roles: [...everyone, 'integrator'],
    description: 'live stream of the events in your scope (SSE)',
  },
  // ingestion
  // Integrators (with the scope) read items and incidents, and so see ingestion's events on the live stream.
  'ingestion.read-items': {
    access: 'read',
    roles: [...everyone, 'integrator'],
    description: 'read items and incidents',
  },
  'ingestion.capture-item': {
    access: 'write',
    roles: ['monitor', 'integrator'],
    description: 'capture an item (监测/收集)',
  },
  'ingestion.verify-item': {
    access: 'write',
    roles: ['monitor', 'opinion-admin'],
    description: 'verify or dismiss an item (核实)',
  },
  'ingestion.correct-clustering': {
    access: 'write',
    roles: ['monitor', 'opinion-admin'],
    description: 'move an item to another incident, merge or split incidents (改归/合并/拆分)',
  },
  'ingestion.manage-sources': {
    access: 'write',
    roles: ['opinion-admin', 'internet-office'],
    description: 'register sources and monitoring rules, schedule heightened-watch windows (重点时段)',
  },
  'ingestion.transfer-item': {
    access: 'write',
    roles: ['internet-office'],
    description: 'transfer an item down with a due time (转办)',
  },
  // grading
  'grading.read-incidents': {
    access: 'read',
    roles: [...everyone],
    description: 'read grades and assessments',
  },
  'grading.propose-grade': {
    access: 'write',
    roles: ['monitor', 'opinion-admin'],
    description: 'propose a grade',
  },
  'grading.confirm-grade': {
    access: 'write',
    roles: ['grading-authority'],
    description: 'confirm, escalate or downgrade a grade (定级)',
  },
  'grading.categorise-incident': {
    access: 'write',
    roles: ['monitor', 'opinion-admin'],
    description: 'categorise an incident',
  },
  'grading.conduct-assessment': {
    access: 'write',
    roles: ['leading-group-office', 'principal-leader'],
    description: 'convene and conclude an assessment (研判)',
  },
  'grading.judge-genuineness': {
    access: 'write',
    roles: ['opinion-admin', 'leading-group-office', 'principal-leader'],
    description: 'judge an incident genuine opinion or 伪舆情, with the basis',
  },
  'grading.run-what-if': {
    access: 'read',
    roles: ['grading-authority', 'internet-office'],
    description: 'replay incidents under a draft rule set (appends nothing)',
  },
  'grading.form-special-team': {
    access: 'write',
    roles: ['leading-group-office', 'principal-leader'],
    description: 'form a special team for a level-1 incident (处置专班)',
  },
  // reporting
  'reporting.read-reports': {
    access: 'read',
    roles: [...everyone],
    description: 'read reports and obligations',
  },
  'reporting.send-report': {
    access: 'write',
    roles: handling,
    description: 'send flash reports and bulletins (报送)',
  },
  'reporting.sign-off-bulletin': {
    access: 'write',
    roles: ['principal-leader'],
    description: 'sign off a bulletin (签批)',
  },
  'reporting.acknowledge-report': {
    access: 'write',
    // A phone flash reaches the city's principal leader (第十三条), who acknowledges it.
    roles: ['internet-office', 'supervision-office', 'leading-group-office', 'principal-leader'],
    description: 'acknowledge a report received',
  },
  'reporting.track-follow-ups': {
    access: 'read',
    // 全程跟踪督办 (第十七条): the supervision offices and the leading-group office track follow-up tasks.
    roles: ['supervision-office', 'leading-group-office', 'principal-leader', 'internet-office'],
    description: 'read the follow-up tasks under supervision (督办台账)',
  },
  'reporting.manage-duty': {
    access: 'write',
    // 篇一二(一) 24小时网络在线值班: the unit's internet office (or opinion admin) keeps its duty roster.
    roles: ['internet-office', 'opinion-admin'],
    description: 'keep the unit’s 24-hour duty roster (排班)',
  },
  'reporting.acknowledge-alert': {
    access: 'write',
    // The monitor on duty signs for alerts and hands over; the head an alert escalated to may sign for it too.
    roles: ['monitor', 'principal-leader', 'internet-office', 'opinion-admin'],
    description: 'acknowledge a duty alert (签收告警) and hand over between shifts (交接班)',
  },
  // guidance (第十六至二十五条): which role at which level approves is the domain's rule (第二十一条); these are the doors.
  'guidance.read-releases': {
    access: 'read',
    // Integrators (with the scope) follow what is released, on the API and the live stream.
    roles: [...everyone, 'integrator'],
    description: 'read response plans, wording (口径), releases, requests and guidance tasks',
  },
  'guidance.arrange-response': {
    access: 'write',
    roles: ['opinion-admin', 'internet-office', 'leading-group-office'],
    description: 'arrange an incident response plan (三同步): drafter, channels, first-response deadline',
  },
  'guidance.draft-wording': {
    access: 'write',
    roles: ['opinion-admin', 'spokesperson', 'special-team-member'],
    description: 'draft and revise wording (口径)',
  },
  'guidance.approve-release': {
    access: 'write',
    roles: ['spokesperson', 'leading-group-office', 'special-team-member', 'publicity-department'],
    description: 'approve or refuse wording and releases (the level rules of 第二十一条 apply in the domain)',
  },
  'guidance.publish-release': {
    access: 'write',
    roles: ['opinion-admin', 'spokesperson'],
    description: 'prepare and publish a release of approved wording',
  },
  'guidance.register-accounts': {
    access: 'write',
    roles: ['opinion-admin', 'internet-office'],
    description: "register a unit's official accounts and sites",
  },
  'guidance.file-request': {
    access: 'write',
    roles: ['opinion-admin', 'spokesperson'],
    description:
      'file a written request (coordination, outside media, joint campaign, press conference, consultation)',
  },
  'guidance.decide-request': {
    access: 'write',
    roles: ['internet-office', 'leading-group-office', 'publicity-department', 'principal-leader'],
    description: 'approve or refuse a written request, and record its outcome',
  },
  'guidance.propose-online-guidance': {
    access: 'write',
    roles: ['opinion-admin', 'spokesperson'],
    description: 'propose online guidance wording (引导口径) to the city bureau',
  },
  'guidance.direct-commentators': {
    access: 'write',
    roles: ['internet-office'],
    description: 'approve online guidance and assign tasks to online commentators (网评员)',
  },
  'guidance.report-guidance-task': {
    access: 'write',
    roles: ['online-commentator'],
    description: 'acknowledge a guidance task and report it done',
  },
  // archive
  'archive.read-cases': {
    access: 'read',
    roles: [...everyone],
    description: 'search the case library (closed cases and their summaries)',
  },
  // 第三十条: case files are confidential; every read is recorded.
  'archive.read-case-files': {
    access: 'read',
    roles: ['internet-office', 'leading-group-office', 'principal-leader', 'opinion-admin', 'spokesperson'],
    description: 'read or export a whole case file (案卷)',
  },
  // review (考评, 第二十八、二十九条): the city's network office rules (a unit never rules on itself: the domain's rule);
  // departments read, explain and appeal their own findings; auditors read everything in their scope.
  'review.read-findings': {
    access: 'read',
    roles: ['internet-office', 'leading-group-office', 'principal-leader', 'opinion-admin'],
    description: 'see the findings of the unit (考评发现), their evidence and rulings, and the 通报',
  },
  'review.rule-findings': {
    access: 'write',
    roles: ['internet-office'],
    description: 'confirm or dismiss findings of units below, and decide appeals (认定、申诉复核)',
  },
  'review.answer-findings': {
    access: 'write',
    roles: ['internet-office', 'leading-group-office', 'principal-leader', 'opinion-admin'],
    description: "explain or appeal the unit's own findings (情况说明、申诉)",
  },
  'review.read-ratings': {
    access: 'read',
    roles: ['internet-office', 'leading-group-office', 'principal-leader'],
    description: 'see the ratings of the unit (考评等次) and how they were computed',
  },
  'review.compute-ratings': {
    access: 'write',
    roles: ['internet-office'],
    description: 'rate the departments for a period, and run a draft scheme over one (what-if)',
  },
  'review.issue-notices': {
    access: 'write',
    roles: ['internet-office'],
    description: "issue the 通报 of a period's confirmed findings",
  },
  // audit
  'audit.replay': { access: 'read', roles: [], description: 'rebuild any state as of a moment' },
  'audit.verify': { access: 'read', roles: [], description: 'verify hash chains' },
  'archive.close-cases': {
    access: 'write',
    roles: ['internet-office', 'leading-group-office', 'opinion-admin'],
    description: 'close (结案) and reopen the cases of the unit',
  },
  // @yuqing/tools:service inserts above this line
} as const satisfies Record<string, PermissionSpec>;

export type PermissionName = keyof typeof table;

export const PERMISSIONS: Readonly<Record<PermissionName, PermissionSpec>> = table;

export const PERMISSION_NAMES = Object.keys(table) as PermissionName[];

export function isPermission(value: unknown): value is PermissionName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(table, value);
}

/** The roles that may exercise a permission: its table entry, plus the auditor for every read. */
export function rolesFor(permission: PermissionName): ReadonlySet<Role> {
  const spec = PERMISSIONS[permission];
  return new Set<Role>(spec.access === 'read' ? [...spec.roles, 'auditor'] : spec.roles);
}

/** Whether a role may exercise a permission at all (org scope aside). */
export function roleMay(role: Role, permission: PermissionName): boolean {
  return rolesFor(permission).has(role);
}
