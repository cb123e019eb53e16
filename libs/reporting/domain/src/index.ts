// Reporting (报送, 第十二至十五条、第十七条; 篇一 二(二)): pure policy, obligations and deadlines; no I/O, time as data.

// The policy as data: which reports each grade asks for, deadlines, reminders, sign-off wait, the org tree's shape.
export {
  deadlineFor,
  parseReportingPolicy,
  parseReportingPolicyJson,
  POLICY_VERSION_PATTERN,
  remindersFor,
  ReportingPolicyError,
  reportingPolicySchema,
} from './policy/reporting-policy';
export type { OrgTreeShape, ReportingPolicy } from './policy/reporting-policy';
export { DEFAULT_REPORTING_POLICY } from './policy/default-policy';

// The org tree reports climb (镇 → 县网信办 → 市), and leader message-board routing (留言板 → 督办室).
export {
  ancestorAtDepth,
  chainBetween,
  cityOf,
  levelIn,
  provinceOf,
  supervisionOfficeOf,
} from './org/report-chain';
export { boardAddressee, supervisionRouteFor } from './org/leader-board';
export type { BoardAddressee, SupervisionRoute } from './org/leader-board';

// One incident's reporting: state, decider, stream.
export { evolveReporting, holderOf, initialReportingState } from './obligations/reporting-state';
export type {
  Bulletin,
  ClockBasis,
  FollowUpTask,
  ForwardRoute,
  Hop,
  Monitoring,
  Obligation,
  OpenReason,
  Report,
  ReportingState,
} from './obligations/reporting-state';
export {
  awaitingReceiptFrom,
  decideReporting,
  kindsRequired,
  reportingDecider,
  reportingStreamId,
} from './obligations/reporting.decider';
export type { BulletinSections, IncidentStart, ReportingCommand } from './obligations/reporting.decider';

// Merging two incidents (合并): one set of obligations for both, decided on both streams at once.
export { decideMerge } from './obligations/merge';
export type { MergeCommand, MergeDecision } from './obligations/merge';

// The clock: what is due now, what an event schedules, how an obligation stands.
export { dueWork, secondsRemaining, standingOf, wakeUpsFor } from './deadlines/due-work';
export type { DueWork, ObligationStanding, WakeUp } from './deadlines/due-work';
