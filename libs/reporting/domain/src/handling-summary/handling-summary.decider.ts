import {
  HandlingCompleted,
  HandlingSummarySubmitted,
  optional,
  refuse,
  ReportingObligationFulfilled,
  ReportingObligationOpened,
  type Grade,
  type NewEvent,
} from '@yuqing/contracts';
import {
  evolveReporting,
  initialReportingState,
  type Obligation,
  type ReportingState,
} from '../obligations/reporting-state';
import { cityOf } from '../org/report-chain';
import { remindersFor, type ReportingPolicy } from '../policy/reporting-policy';

// 处置完…总结分析…上报 (篇一 二(二)): when an incident's handling is declared complete, a summary of how it was
// handled is owed up the tree (to the city) by the policy's deadline; it is an obligation like the others on the
// incident's stream (`reporting-incident-<id>`), so the deadline watcher reminds and records it overdue. For the
// grades the policy names (一级, 二级 by default) the summary has all four parts: the case library (案例库,
// 第二十六条) takes them as they are. Decided on the reporting state; time is data.

const MINUTE = 60_000;
const CLOCK_SKEW_MS = 5 * MINUTE;
/** The summary's deadline when a policy sets none: the seed gives no number; 3 days (docs/reporting.md). */
export const DEFAULT_SUMMARY_MINUTES = 3 * 24 * 60;

/** The four parts of a handling summary, in the order a summary reads. */
export const SUMMARY_PARTS = {
  whatHappened: '事件经过 (what happened)',
  howHandled: '处置情况 (how it was handled)',
  lessons: '经验教训 (what was learned)',
  outlook: '后续研判 (the outlook)',
} as const;
export type SummaryPart = keyof typeof SUMMARY_PARTS;
export type SummaryParts = Partial<Record<SummaryPart, string>>;

export type HandlingSummaryCommand =
  | {
      /** 处置完毕: declared by the incident's unit; the summary is owed from `completedAt`. */
      readonly kind: 'declare-completed';
      readonly incidentId: string;
      /** The incident's unit (a stream with no events yet does not know it). */
      readonly orgUnit: string;
      readonly completedAt: string;
      readonly note?: string;
      readonly now: string;
      readonly policy: ReportingPolicy;
      readonly newId: () => string;
    }
  | {
      readonly kind: 'submit-summary';
      readonly summaryId: string;
      readonly obligationId: string;
      readonly parts: SummaryParts;
      readonly submittedAt: string;
      readonly now: string;
      readonly policy: ReportingPolicy;
    };

const ms = (iso: string) => Date.parse(iso);
const iso = (time: number) => new Date(time).toISOString();

export function decideHandlingSummary(command: HandlingSummaryCommand, state: ReportingState): NewEvent[] {
  switch (command.kind) {
    case 'declare-completed':
      return declareCompleted(command, state);
    case 'submit-summary':
      return submitSummary(command, state);
  }
}

/** The summary obligation a declaration of completion opened, if the handling was declared complete. */
export function summaryObligationOf(state: ReportingState): Obligation | undefined {
  return state.obligations.find(
    (o) => o.kind === 'handling-summary' && o.reason === 'handling-completed' && o.status !== 'cancelled',
  );
}

function declareCompleted(
  command: Extract<HandlingSummaryCommand, { kind: 'declare-completed' }>,
  state: ReportingState,
): NewEvent[] {
  const existing = summaryObligationOf(state);
  if (existing) {
    refuse(
      'reporting.handling-already-completed',
      `the handling of incident ${command.incidentId} was declared complete at ${existing.clockStartedAt}`,
    );
  }
  if (ms(command.completedAt) > ms(command.now) + CLOCK_SKEW_MS)
    refuse('reporting.time-in-future', 'completedAt is later than now', 'completedAt');
  const { policy } = command;
  const orgUnit = state.orgUnit ?? command.orgUnit;
  const startedAt = iso(ms(command.completedAt));
  const minutes = policy.deadlines['handling-summary']?.minutes ?? DEFAULT_SUMMARY_MINUTES;
  const completed = HandlingCompleted.create({
    incidentId: command.incidentId,
    completedAt: startedAt,
    ...optional('note', command.note),
    ...optional('grade', state.grade),
  });
  const opened = ReportingObligationOpened.create({
    obligationId: command.newId(),
    incidentId: command.incidentId,
    kind: 'handling-summary',
    ...optional('grade', state.grade),
    reason: 'handling-completed',
    recipientOrgUnitId: cityOf(orgUnit, policy.orgTree),
    clockBasis: 'handling-completed',
    clockStartedAt: startedAt,
    dueAt: iso(ms(startedAt) + minutes * MINUTE),
    reminderLeadMinutes: remindersFor(policy, 'handling-summary'),
    ruleSetVersion: policy.version,
  });
  return [completed, { ...opened, metadata: { ruleVersion: policy.version } }];
}

/** Whether a summary of an incident of `grade` must have all four parts under the policy. */
export function allPartsRequired(policy: ReportingPolicy, grade: Grade | undefined): boolean {
  const levels = policy.handlingSummary?.allPartsFor ?? ['level-1', 'level-2'];
  return grade !== undefined && levels.includes(grade.level);
}

const GRADE_NAMES: Record<Grade['level'], string> = {
  'level-1': '一级',
  'level-2': '二级',
  'level-3': '三级',
};

function submitSummary(
  command: Extract<HandlingSummaryCommand, { kind: 'submit-summary' }>,
  state: ReportingState,
): NewEvent[] {
  const o = state.obligations.find((x) => x.obligationId === command.obligationId);
  if (!o)
    refuse(
      'reporting.obligation-unknown',
      `there is no obligation ${command.obligationId} for this incident`,
    );
  if (o.kind !== 'handling-summary') {
    refuse(
      'reporting.not-a-summary-obligation',
      `obligation ${o.obligationId} asks for a ${o.kind}, not a summary`,
    );
  }
  if (o.status === 'fulfilled')
    refuse(
      'reporting.obligation-already-fulfilled',
      `the summary of obligation ${o.obligationId} was submitted`,
    );
  if (o.status !== 'open')
    refuse('reporting.obligation-withdrawn', `obligation ${o.obligationId} no longer applies (${o.status})`);
  if (ms(command.submittedAt) > ms(command.now) + CLOCK_SKEW_MS)
    refuse('reporting.time-in-future', 'submittedAt is later than now', 'submittedAt');
  const given = Object.fromEntries(
    Object.entries(command.parts).filter(([, text]) => text !== undefined && text.trim() !== ''),
  ) as SummaryParts;
  const grade = state.grade ?? o.grade;
  if (allPartsRequired(command.policy, grade)) {
    const missing = (Object.keys(SUMMARY_PARTS) as SummaryPart[]).find((part) => given[part] === undefined);
    if (missing) {
      refuse(
        'reporting.summary-part-missing',
        `a ${GRADE_NAMES[grade!.level]} summary goes to the case library with all four parts: ${SUMMARY_PARTS[missing]} is missing`,
        missing,
      );
    }
  } else if (Object.keys(given).length === 0) {
    refuse('reporting.summary-empty', 'say at least how it was handled (处置情况)', 'howHandled');
  }
  const submittedAt = iso(ms(command.submittedAt));
  const submitted = HandlingSummarySubmitted.create({
    summaryId: command.summaryId,
    obligationId: o.obligationId,
    incidentId: state.incidentId!,
    ...optional('grade', grade),
    ...given,
    recipientOrgUnitId: o.recipientOrgUnitId,
    submittedAt,
  });
  const fulfilled = ReportingObligationFulfilled.create({
    obligationId: o.obligationId,
    incidentId: state.incidentId!,
    kind: o.kind,
    reportId: command.summaryId,
    fulfilledAt: submittedAt,
    dueAt: o.dueAt,
    onTime: ms(submittedAt) <= ms(o.dueAt),
  });
  return [submitted, fulfilled];
}

/** The decider as the event store's command handling takes it: on the incident's reporting stream and state. */
export const handlingSummaryDecider = {
  initialState: initialReportingState,
  evolve: evolveReporting,
  decide: decideHandlingSummary,
};
