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

// 转办回告: a transferred item's duty to answer back, its reminders and deadline (one stream per item).
export {
  decideTransfer,
  evolveTransfer,
  initialTransferState,
  transferDecider,
  transferDueWork,
  transferNextWakeAt,
  transferStreamId,
} from './transfers/transfer.decider';
export type { TransferCommand, TransferDue, TransferState } from './transfers/transfer.decider';

// 督办: follow-up tasks completed with a result and evidence, or overdue (on the incident's stream).
export {
  decideFollowUps,
  evolveFollowUps,
  followUpDecider,
  initialFollowUpState,
  overdueTasks,
  taskNextWakeAt,
} from './follow-ups/follow-up.decider';
export type { FollowUpCommand, FollowUpState, TrackedTask } from './follow-ups/follow-up.decider';

// 处置总结: handling declared complete opens the summary obligation; the summary fulfils it.
export {
  allPartsRequired,
  decideHandlingSummary,
  DEFAULT_SUMMARY_MINUTES,
  handlingSummaryDecider,
  SUMMARY_PARTS,
  summaryObligationOf,
} from './handling-summary/handling-summary.decider';
export type {
  HandlingSummaryCommand,
  SummaryPart,
  SummaryParts,
} from './handling-summary/handling-summary.decider';

// 24小时值班: a unit's duty roster (shifts, handovers) and duty alerts that escalate to the head unacknowledged.
export { DEFAULT_DUTY_POLICY, durationMs, dutyPolicyWith } from './duty/duty-policy';
export type { DutyPolicy } from './duty/duty-policy';
export {
  decideDutyRoster,
  dutyRosterDecider,
  dutyRosterStreamId,
  dutyRouteAt,
  evolveDutyRoster,
  initialDutyRosterState,
  shiftsAt,
} from './duty/duty-roster.decider';
export type {
  DutyRosterCommand,
  DutyRosterState,
  DutyRoute,
  Handover,
  Shift,
} from './duty/duty-roster.decider';
export {
  decideDutyAlert,
  dutyAlertDecider,
  dutyAlertStreamId,
  evolveDutyAlert,
  initialDutyAlertState,
} from './duty/duty-alert.decider';
export type { DutyAlertCause, DutyAlertCommand, DutyAlertState } from './duty/duty-alert.decider';
