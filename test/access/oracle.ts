import type { Role } from '@yuqing/auth';

// The access matrix's expected answers, written by hand from the work plans (../shared/seeds, 第一条…第三十一条,
// 篇一…) and ../shared/design/DOMAIN.md ("Who uses it"), NOT from the permission table (ROLE_PERMISSIONS), the guard
// (decideAccess) or any endpoint's @Permission: a route that declares a wider permission than the rules give, or a
// role given a permission the rules do not, then disagrees with this table and fails the matrix by name.
//
// A row is a route family (method + path, as the service declares it), who may use it, and how far:
// - 'unit': the request names a thing or a unit; the caller may act on its own unit and the units below it, never
//   on a sibling, a parent or another city (DOMAIN.md: the org tree; 第三十条 confidentiality: access follows org
//   unit and role);
// - 'list': the request names no unit; the role opens the door and the answer holds only the caller's scope (what
//   the matrix's leak checks verify);
// - 'domain': the role opens the door for any unit, and the domain applies the level rule (第二十一条), so the
//   answer is a domain refusal (404/409/422), never a 403.

/** Everyone who works the incidents of a unit (DOMAIN.md, "Who uses it"); the auditor is apart (read-only). */
const STAFF: readonly Role[] = [
  'monitor',
  'opinion-admin',
  'spokesperson',
  'principal-leader',
  'leading-group-office',
  'special-team-member',
  'grading-authority',
  'internet-office',
  'supervision-office',
  'publicity-department',
  'online-commentator',
];
/** 第二十八、二十九条 and DOMAIN.md: the auditor (审计/考评) replays and reads every history, read-only. */
const AUDITOR: Role = 'auditor';
/** DOMAIN.md: the integrator pushes items from crawlers and consumes the public events. */
const INTEGRATOR: Role = 'integrator';
/** Reads open to all who work the incidents, and the auditor. */
const ALL_READERS: readonly Role[] = [...STAFF, AUDITOR];
/** And the integrator, for what it consumes (items, incidents, releases, its own token, the live stream). */
const PUBLIC_READERS: readonly Role[] = [...ALL_READERS, INTEGRATOR];
/** Who handles the unit's incidents and so reads and sends its reports: 第五、六条 (管理员, 发言人, 第一责任人) and
 * the leading-group office (第七、十四条). */
const HANDLERS: readonly Role[] = ['opinion-admin', 'spokesperson', 'principal-leader', 'leading-group-office'];

export type Reach = 'unit' | 'list' | 'domain';

export interface OracleRow {
  readonly service: string;
  /** `METHOD /path` exactly as the service declares it. */
  readonly routes: readonly string[];
  readonly may: readonly Role[];
  readonly reach: Reach;
  /** The rule it comes from (seed 条 or DOMAIN.md section). */
  readonly rule: string;
}

const row = (
  service: string,
  routes: readonly string[],
  may: readonly Role[],
  reach: Reach,
  rule: string,
): OracleRow => ({ service, routes, may, reach, rule });

export const ORACLE: readonly OracleRow[] = [
  // ── identity (gateway) ──
  // DOMAIN.md: the org tree is what every user works in; all see it (their part of it).
  row('gateway', ['GET /api/identity/org-units'], ALL_READERS, 'unit', 'DOMAIN.md Who uses it; org tree'),
  // 第五条: the internet office coordinates the units; the leaders and the office of the leading group see their staff.
  row(
    'gateway',
    ['GET /api/identity/users'],
    ['internet-office', 'principal-leader', 'leading-group-office', AUDITOR],
    'unit',
    '第五条 (网管办 coordinates), 第八条 (领导小组办公室 manages 发言人/网管员)',
  ),
  // 第五条 and DOMAIN.md: the internet office sets up units, people, their roles and machine clients.
  row(
    'gateway',
    [
      'POST /api/identity/org-units',
      'POST /api/identity/users',
      'PUT /api/identity/users/:userId/password',
      'PUT /api/identity/users/:userId/profile',
      'POST /api/identity/users/:userId/grants',
      'POST /api/identity/grants/:grantId/revocations',
      'POST /api/identity/clients',
    ],
    ['internet-office'],
    'unit',
    '第五条 市网管办负责协调; DOMAIN.md internet office',
  ),
  // 第三十条 confidentiality: who was refused is the internet office's (and the auditor's) to read.
  row(
    'gateway',
    ['GET /api/identity/access-denials'],
    ['internet-office', AUDITOR],
    'unit',
    '第三十条; 第二十九条 (考评 by the 网管办)',
  ),
  // Anyone signed in may ask who they are, and follow the live events of their scope.
  row('gateway', ['GET /api/identity/me', 'GET /api/stream'], PUBLIC_READERS, 'list', 'DOMAIN.md Who uses it; integrator consumes events'),

  // ── ingestion (监测/收集) ──
  row(
    'ingestion',
    [
      'GET /api/ingestion/source-catalogue',
      'GET /api/ingestion/incidents',
      'GET /api/ingestion/items',
      'GET /api/ingestion/sources',
      'GET /api/ingestion/rules',
      'GET /api/ingestion/watch-windows',
    ],
    PUBLIC_READERS,
    'list',
    'DOMAIN.md Capture; integrator reads items',
  ),
  row('ingestion', ['GET /api/ingestion/incidents/:incidentId'], PUBLIC_READERS, 'unit', 'DOMAIN.md Capture'),
  // 篇一 二(一): the monitors 监控、收集; an integrator pushes items from crawlers.
  row(
    'ingestion',
    ['POST /api/ingestion/items', 'POST /api/ingestion/imports'],
    ['monitor', INTEGRATOR],
    'unit',
    '篇一 二(一) 监控、收集; DOMAIN.md integrator',
  ),
  // 篇一 二(一) 核实; 第六条: the opinion admin owns the unit's items day to day.
  row(
    'ingestion',
    [
      'POST /api/ingestion/items/:itemId/verifications',
      'POST /api/ingestion/items/:itemId/dismissals',
      'POST /api/ingestion/items/:itemId/moves',
      'POST /api/ingestion/incidents/:incidentId/merges',
      'POST /api/ingestion/incidents/:incidentId/splits',
    ],
    ['monitor', 'opinion-admin'],
    'unit',
    '篇一 二(一) 核实、整理; 第六条 舆情管理员',
  ),
  // 第七条 what is watched, 篇一 二(一) 节假日 heightened watch: the unit's admin or its internet office.
  row(
    'ingestion',
    [
      'POST /api/ingestion/sources',
      'PUT /api/ingestion/rules/:ruleId',
      'POST /api/ingestion/watch-windows',
      'POST /api/ingestion/watch-windows/:windowId/cancellations',
    ],
    ['opinion-admin', 'internet-office'],
    'unit',
    '第七条; 篇一 二(一) 重大时间节点; 第五条',
  ),
  // 篇一 二(一): the 县网信办 transfers items down (转交).
  row('ingestion', ['POST /api/ingestion/transfers'], ['internet-office'], 'unit', '篇一 二(一) 县网信办转交'),

  // ── grading (定级、研判) ──
  row(
    'grading',
    ['GET /api/grading/incidents', 'GET /api/grading/rule-sets', 'GET /api/grading/rule-sets/:version'],
    ALL_READERS,
    'list',
    '第三条 (the grades are the rules everyone applies)',
  ),
  row('grading', ['GET /api/grading/incidents/:incidentId'], ALL_READERS, 'unit', '第三条'),
  // 第四条: the grade is confirmed by the grading authority (上级党委/市网管办) alone.
  row(
    'grading',
    [
      'POST /api/grading/incidents/:incidentId/grade-confirmations',
      'POST /api/grading/incidents/:incidentId/grade-overrides',
      'POST /api/grading/incidents/:incidentId/escalations',
      'POST /api/grading/incidents/:incidentId/downgrades',
    ],
    ['grading-authority'],
    'unit',
    '第四条 舆情级别由…市网管办确定',
  ),
  // 篇一 二(三): categories are tagged by those who capture and own the items.
  row(
    'grading',
    ['POST /api/grading/incidents/:incidentId/categorisations'],
    ['monitor', 'opinion-admin'],
    'unit',
    '篇一 二(三); 第六条',
  ),
  // 篇二 四(四)1 网络舆情还是网络伪舆情: judged by the unit's admin or its leadership.
  row(
    'grading',
    ['POST /api/grading/incidents/:incidentId/genuineness-judgements'],
    ['opinion-admin', 'leading-group-office', 'principal-leader'],
    'unit',
    '篇二 (四)1; 第五条',
  ),
  // 第九、十条 研判 by the leading group; 第十七条 it forms the 专班 and starts the plan; 第五条 the first responsible.
  row(
    'grading',
    [
      'POST /api/grading/incidents/:incidentId/assessments',
      'POST /api/grading/incidents/:incidentId/assessments/:assessmentId/conclusions',
      'POST /api/grading/incidents/:incidentId/handling-plans',
      'POST /api/grading/incidents/:incidentId/emergency-plan-activations',
      'POST /api/grading/incidents/:incidentId/special-teams',
    ],
    ['leading-group-office', 'principal-leader'],
    'unit',
    '第九、十、十七条; 第五条',
  ),
  // 第四条: those who set grades try a draft rule set; read-only, so the auditor too.
  row(
    'grading',
    ['POST /api/grading/what-if'],
    ['grading-authority', 'internet-office', AUDITOR],
    'unit',
    '第四条; 第二十九条 auditor',
  ),
  // DOMAIN.md invariants: an auditor rebuilds any state as of any moment and verifies the history.
  row(
    'grading',
    ['GET /api/grading/incidents/:incidentId/replay', 'GET /api/grading/incidents/:incidentId/chain'],
    [AUDITOR],
    'unit',
    'DOMAIN.md What must hold (auditor replays, verifies)',
  ),

  // ── reporting (报送) ──
  row(
    'reporting',
    [
      'GET /api/reporting/obligations',
      'GET /api/reporting/overdue',
      'GET /api/reporting/bulletins',
      'GET /api/reporting/follow-up-tasks',
      'GET /api/reporting/digests/daily',
      'GET /api/reporting/digests/weekly',
      'GET /api/reporting/transfers',
      'GET /api/reporting/handling-summaries',
      'GET /api/reporting/duty-alerts',
    ],
    ALL_READERS,
    'list',
    '篇一 二(二) 报告; 第十三至十五条',
  ),
  row(
    'reporting',
    [
      'GET /api/reporting/bulletins/:bulletinId/document.pdf',
      'GET /api/reporting/bulletins/:bulletinId/document.docx',
      'GET /api/reporting/bulletins/:bulletinId/document-versions',
      'GET /api/reporting/bulletins/:bulletinId/document-versions/:versionId/provenance',
      'GET /api/reporting/obligations/:obligationId/flash-report',
      'GET /api/reporting/obligations/:obligationId/flash-report.pdf',
      'GET /api/reporting/duty/:orgUnitId/roster',
    ],
    ALL_READERS,
    'unit',
    '第十三、十四条; 篇一 二(一) 值班',
  ),
  // 第十三、十四条 and 篇一 二(二): the unit's handlers send flashes, bulletins, results and summaries up.
  row(
    'reporting',
    [
      'POST /api/reporting/flash-reports',
      'POST /api/reporting/bulletins',
      'POST /api/reporting/handling-results',
      'POST /api/reporting/forwards',
      'POST /api/reporting/handling-summaries',
      'POST /api/reporting/transfers/:transferId/answers',
      'POST /api/reporting/follow-up-tasks/:taskId/completions',
      'POST /api/reporting/incidents/:incidentId/handling-completions',
    ],
    HANDLERS,
    'unit',
    '第十三至十五条; 篇一 二(二) 总结上报; 第十七条 回告',
  ),
  // 第十三条 the flash reaches the principal leader; 第十七条 督办室 receive message-board items; 第十四条 the office.
  row(
    'reporting',
    ['POST /api/reporting/receipts'],
    ['internet-office', 'supervision-office', 'leading-group-office', 'principal-leader'],
    'unit',
    '第十三、十四条; 第十七条 督办室',
  ),
  // 第十七条: a bulletin is signed off (签批) by the leader.
  row(
    'reporting',
    ['POST /api/reporting/bulletins/:bulletinId/sign-offs'],
    ['principal-leader'],
    'unit',
    '第十七条 被局领导签批',
  ),
  // 第十七条 全程跟踪督办: the supervision offices, the leading group's office, the leader and the internet office.
  row(
    'reporting',
    ['GET /api/reporting/supervision/tasks'],
    ['supervision-office', 'leading-group-office', 'principal-leader', 'internet-office', AUDITOR],
    'list',
    '第十七条 全程跟踪督办',
  ),
  // 篇一 二(一) 24小时网络在线值班: the internet office or the admin keeps the roster.
  row(
    'reporting',
    ['POST /api/reporting/duty/:orgUnitId/shifts'],
    ['internet-office', 'opinion-admin'],
    'unit',
    '篇一 二(一) 24小时值班',
  ),
  // 篇一 二(一): the monitor on duty signs for alerts and hands over; the head it escalates to may sign too.
  row(
    'reporting',
    [
      'POST /api/reporting/duty/:orgUnitId/handovers',
      'POST /api/reporting/duty/:orgUnitId/handovers/:toShiftId/acknowledgements',
      'POST /api/reporting/duty-alerts/:alertId/acknowledgements',
    ],
    ['monitor', 'principal-leader', 'internet-office', 'opinion-admin'],
    'unit',
    '篇一 二(一) 值班; 第五条 第一责任人',
  ),
  row(
    'reporting',
    ['GET /api/reporting/incidents/:incidentId/chain'],
    [AUDITOR],
    'unit',
    'DOMAIN.md What must hold (auditor verifies)',
  ),

  // ── guidance (处置与引导) ──
  row(
    'guidance',
    [
      'GET /api/guidance/requests',
      'GET /api/guidance/requests/:requestId',
      'GET /api/guidance/requests/:requestId/history',
      'GET /api/guidance/online-guidance',
      'GET /api/guidance/online-guidance/:proposalId',
      'GET /api/guidance/online-guidance/:proposalId/history',
      'GET /api/guidance/accounts',
      'GET /api/guidance/unapproved-releases',
      'GET /api/guidance/responses',
      'GET /api/guidance/releases',
      'GET /api/guidance/response-gaps',
    ],
    PUBLIC_READERS,
    'list',
    '第二十、二十五条 (统一口径, 公开透明); integrator follows releases',
  ),
  row(
    'guidance',
    [
      'GET /api/guidance/incidents/:incidentId/documents/press-release.pdf',
      'GET /api/guidance/incidents/:incidentId/documents/press-release.docx',
      'GET /api/guidance/incidents/:incidentId/documents/situation-statement.pdf',
      'GET /api/guidance/incidents/:incidentId/documents/situation-statement.docx',
      'GET /api/guidance/accounts/:accountId',
      'GET /api/guidance/accounts/:accountId/history',
      'GET /api/guidance/responses/:incidentId',
      'GET /api/guidance/responses/:incidentId/history',
    ],
    PUBLIC_READERS,
    'unit',
    '第二十、二十五条',
  ),
  // 第十六条 三同步: the response is arranged by the unit's admin, the internet office or the leading group's office.
  row(
    'guidance',
    ['POST /api/guidance/responses/:incidentId/arrangements'],
    ['opinion-admin', 'internet-office', 'leading-group-office'],
    'unit',
    '第十六条 三同步; 第五条',
  ),
  // 第六条 发言人/管理员 draft; 第十七条 the 专班 for a level-1 incident.
  row(
    'guidance',
    ['POST /api/guidance/responses/:incidentId/wordings'],
    ['opinion-admin', 'spokesperson', 'special-team-member'],
    'unit',
    '第六、十七条',
  ),
  // 第二十一条: 一级 by the 专班 or 宣传部, 二级 by the leading group's office, 三级 by the supervising leader
  // (发言人); which level applies is the domain's.
  row(
    'guidance',
    [
      'POST /api/guidance/responses/:incidentId/wordings/:wordingId/decisions',
      'POST /api/guidance/responses/:incidentId/releases/:releaseId/decisions',
    ],
    ['spokesperson', 'leading-group-office', 'special-team-member', 'publicity-department'],
    'domain',
    '第二十一条',
  ),
  // 第六条: the admin prepares and the spokesperson speaks for the unit (统一出口, 第二十五条).
  row(
    'guidance',
    [
      'POST /api/guidance/responses/:incidentId/releases',
      'POST /api/guidance/responses/:incidentId/releases/:releaseId/publications',
    ],
    ['opinion-admin', 'spokesperson'],
    'unit',
    '第六、二十五条',
  ),
  // The unit's official accounts (篇一 二(四) 微信和微博发布) are kept by its admin or its internet office.
  row(
    'guidance',
    ['POST /api/guidance/accounts', 'POST /api/guidance/accounts/:accountId/retirements'],
    ['opinion-admin', 'internet-office'],
    'unit',
    '篇一 二(四); 第五条',
  ),
  // 第十八、十九、二十三条: the department files a written request…
  row(
    'guidance',
    ['POST /api/guidance/requests'],
    ['opinion-admin', 'spokesperson'],
    'unit',
    '第十八、十九、二十三条 出具书面报告',
  ),
  // …which the city bureau's offices (网管办, 领导小组办公室, 宣传部) or the leader decide.
  row(
    'guidance',
    ['POST /api/guidance/requests/:requestId/decisions', 'POST /api/guidance/requests/:requestId/outcomes'],
    ['internet-office', 'leading-group-office', 'publicity-department', 'principal-leader'],
    'unit',
    '第十八、十九、二十三、二十四条',
  ),
  // 第二十二条: the department proposes 引导口径; the 网管办 directs the commentators; the 网评员 carry it out.
  row(
    'guidance',
    ['POST /api/guidance/online-guidance'],
    ['opinion-admin', 'spokesperson'],
    'unit',
    '第二十二条 由涉事部门提出引导口径',
  ),
  row(
    'guidance',
    ['POST /api/guidance/online-guidance/:proposalId/decisions'],
    ['internet-office'],
    'unit',
    '第二十二条 在市局网管办指导下进行',
  ),
  row(
    'guidance',
    [
      'POST /api/guidance/online-guidance/:proposalId/tasks/:taskId/acknowledgements',
      'POST /api/guidance/online-guidance/:proposalId/tasks/:taskId/reports',
    ],
    ['online-commentator'],
    'unit',
    '第二十二条 动员网评员',
  ),
  row('guidance', ['GET /api/guidance/my-guidance-tasks'], ['online-commentator'], 'list', '第二十二条 网评员'),

  // ── archive (归档、案例库) ──
  // 第二十六条: the case library guides everyone's future handling.
  row('archive', ['GET /api/archive/library'], ALL_READERS, 'list', '第二十六条 案例库'),
  row(
    'archive',
    ['GET /api/archive/incidents/:incidentId/similar-cases'],
    ALL_READERS,
    'unit',
    '第二十六条 案例库',
  ),
  // 第三十条: whole case files are confidential: the unit's handlers and offices, and the auditor.
  row(
    'archive',
    [
      'GET /api/archive/cases/:caseId',
      'GET /api/archive/cases/:caseId/history',
      'GET /api/archive/cases/:caseId/export',
    ],
    ['internet-office', 'leading-group-office', 'principal-leader', 'opinion-admin', 'spokesperson', AUDITOR],
    'unit',
    '第三十条 务必保密; 篇一 三(三) 资料归档',
  ),
  row(
    'archive',
    ['GET /api/archive/cases'],
    ['internet-office', 'leading-group-office', 'principal-leader', 'opinion-admin', 'spokesperson', AUDITOR],
    'list',
    '第三十条',
  ),
  // 篇一 三(三) 定期归档: the unit's admin, its internet office or the leading group's office closes cases.
  row(
    'archive',
    ['POST /api/archive/cases/:caseId/closures', 'POST /api/archive/cases/:caseId/reopenings'],
    ['internet-office', 'leading-group-office', 'opinion-admin'],
    'unit',
    '篇一 三(一)(三); 第二十六条',
  ),
  row(
    'archive',
    ['GET /api/archive/incidents/:incidentId/as-of', 'GET /api/archive/incidents/:incidentId/timeline'],
    [AUDITOR],
    'unit',
    'DOMAIN.md What must hold (auditor rebuilds any state as of any moment)',
  ),

  // ── review (考评) ──
  // 第二十八、二十九条: findings concern the unit; its leadership, its admin and the internet office read them.
  row(
    'review',
    ['GET /api/review/findings', 'GET /api/review/notices'],
    ['internet-office', 'leading-group-office', 'principal-leader', 'opinion-admin', AUDITOR],
    'list',
    '第二十八、二十九条',
  ),
  row(
    'review',
    [
      'GET /api/review/findings/:findingId',
      'GET /api/review/findings/:findingId/history',
      'GET /api/review/notices/:noticeId/document.pdf',
      'GET /api/review/notices/:noticeId/document.docx',
    ],
    ['internet-office', 'leading-group-office', 'principal-leader', 'opinion-admin', AUDITOR],
    'unit',
    '第二十八、二十九条 通报',
  ),
  // 第二十九条: 考评 is run by the 网管办: it rules, rates and issues the 通报.
  row(
    'review',
    [
      'POST /api/review/findings/:findingId/confirmation',
      'POST /api/review/findings/:findingId/dismissal',
      'POST /api/review/findings/:findingId/appeal-decision',
      'POST /api/review/ratings',
      'POST /api/review/ratings/what-if',
      'POST /api/review/notices',
    ],
    ['internet-office'],
    'unit',
    '第二十九条 考评工作由市局网管办会同…进行',
  ),
  // The unit answers for itself (情况说明、申诉): its leadership, its admin, its internet office.
  row(
    'review',
    ['POST /api/review/findings/:findingId/explanations', 'POST /api/review/findings/:findingId/appeal'],
    ['internet-office', 'leading-group-office', 'principal-leader', 'opinion-admin'],
    'unit',
    '第二十八条; 第五条 第一责任人',
  ),
  // 第二十八条 不得评为优秀等次: ratings are the leadership's and the internet office's to read.
  row(
    'review',
    ['GET /api/review/ratings'],
    ['internet-office', 'leading-group-office', 'principal-leader', AUDITOR],
    'list',
    '第二十八条 评为优秀等次',
  ),
  row(
    'review',
    ['GET /api/review/ratings/:orgUnit/:period'],
    ['internet-office', 'leading-group-office', 'principal-leader', AUDITOR],
    'unit',
    '第二十八条',
  ),
  row(
    'review',
    ['GET /api/review/periods/:period/recompute'],
    [AUDITOR],
    'unit',
    'DOMAIN.md What must hold (auditor verifies); 第二十九条',
  ),
];

/** The row of a route, or undefined: a route the oracle has no row for fails the matrix. */
export function oracleRow(service: string, route: string): OracleRow | undefined {
  return ORACLE.find((r) => r.service === service && r.routes.includes(route));
}

/** Routes named twice, or in a service's rows but not served by it: the table must be exact. */
export function oracleProblems(served: ReadonlyMap<string, readonly string[]>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const r of ORACLE) {
    for (const route of r.routes) {
      const id = `${r.service} ${route}`;
      if (seen.has(id)) problems.push(`${id} has two oracle rows`);
      seen.add(id);
      if (!(served.get(r.service) ?? []).includes(route)) problems.push(`${id} is in the oracle but not served`);
    }
  }
  for (const [service, routes] of served)
    for (const route of routes)
      if (!seen.has(`${service} ${route}`)) problems.push(`${service} ${route} has no oracle row`);
  return problems;
}

/** Whether `unit` is `scope` or below it in the org tree (paths: cn.yn.km.yl is below cn.yn.km). */
export function isAtOrBelow(unit: string, scope: string): boolean {
  return unit === scope || unit.startsWith(`${scope}.`);
}
