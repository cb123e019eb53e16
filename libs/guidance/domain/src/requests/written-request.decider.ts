import {
  NotFoundError,
  NotPermittedError,
  optional,
  refuse,
  WrittenRequestApproved,
  WrittenRequestFiled,
  WrittenRequestOutcomeRecorded,
  WrittenRequestOverdue,
  WrittenRequestRefused,
  WrittenRequestReminderDue,
  type EventData,
  type NewEvent,
} from '@yuqing/contracts';
import { covers } from './scope';
import { renderWrittenRequest } from './written-request.document';
import type { WrittenRequestKind } from './written-request.kinds';
import type { WrittenRequestPolicy } from './written-request.policy';

// One written request (书面报告): filed with the unit it is addressed to, answered by that unit (approved or
// refused), and, once approved, closed by its outcome. Its deadline is for the answer: the watcher asks
// `fire-due` and gets a reminder, then the overdue, while it stays unanswered. Pure: the moment comes in.

const MINUTE = 60_000;

export type WrittenRequestStatus = 'none' | 'pending' | 'approved' | 'refused' | 'closed';

export interface WrittenRequestState {
  readonly status: WrittenRequestStatus;
  readonly requestId?: string;
  /** The filing unit (the events' org unit), when read from recorded events. */
  readonly orgUnit?: string;
  readonly kind?: WrittenRequestKind;
  readonly approverUnit?: string;
  readonly approverRoles: readonly string[];
  readonly dueAt?: string;
  readonly remindAt?: string;
  readonly reminded: boolean;
  readonly overdue: boolean;
  readonly ruleSetVersion?: string;
}

/** Who answers: the actor's id and role, and the units where they hold guidance.decide-request. */
export interface Answerer {
  readonly id: string;
  readonly role?: string;
  readonly scope: readonly string[];
}

export type WrittenRequestCommand =
  | {
      readonly kind: 'file';
      readonly requestId: string;
      readonly requestKind: WrittenRequestKind;
      readonly orgUnit: string;
      readonly incidentId?: string;
      readonly approverUnit: string;
      readonly subject: string;
      readonly body: string;
      readonly now: string;
      readonly policy: WrittenRequestPolicy;
    }
  | {
      readonly kind: 'decide';
      readonly decision: 'approve' | 'refuse';
      readonly reason?: string;
      readonly by: Answerer;
      readonly now: string;
    }
  | {
      readonly kind: 'record-outcome';
      readonly outcome: string;
      readonly occurredAt?: string;
      readonly by: Answerer;
    }
  | { readonly kind: 'fire-due'; readonly now: string };

export function initialWrittenRequestState(): WrittenRequestState {
  return { status: 'none', approverRoles: [], reminded: false, overdue: false };
}

export function evolveWrittenRequest(
  state: WrittenRequestState,
  event: { readonly type: string; readonly data: unknown; readonly metadata?: { readonly orgUnit?: string } },
): WrittenRequestState {
  switch (event.type) {
    case WrittenRequestFiled.type: {
      const e = event.data as EventData<typeof WrittenRequestFiled>;
      return {
        ...state,
        status: 'pending',
        requestId: e.requestId,
        ...optional('orgUnit', event.metadata?.orgUnit),
        kind: e.kind,
        approverUnit: e.approverUnit,
        approverRoles: e.approverRoles,
        dueAt: e.dueAt,
        ...optional('remindAt', e.remindAt),
        ruleSetVersion: e.ruleSetVersion,
      };
    }
    case WrittenRequestReminderDue.type:
      return { ...state, reminded: true };
    case WrittenRequestOverdue.type:
      return { ...state, overdue: true };
    case WrittenRequestApproved.type:
      return { ...state, status: 'approved' };
    case WrittenRequestRefused.type:
      return { ...state, status: 'refused' };
    case WrittenRequestOutcomeRecorded.type:
      return { ...state, status: 'closed' };
    default:
      return state;
  }
}

export function decideWrittenRequest(command: WrittenRequestCommand, state: WrittenRequestState): NewEvent[] {
  if (command.kind === 'file') return file(command, state);
  if (state.status === 'none' || state.kind === undefined || state.requestId === undefined)
    throw new NotFoundError('written request not found');
  const { requestId, kind } = state;
  switch (command.kind) {
    case 'decide': {
      if (state.status !== 'pending')
        refuse('guidance.request-answered', `written request ${requestId} was answered already`);
      mustAnswerFor(state, command.by, true);
      const late = Date.parse(command.now) > Date.parse(state.dueAt ?? command.now);
      const approverUnit = state.approverUnit ?? '';
      if (command.decision === 'refuse') {
        const reason = command.reason?.trim() ?? '';
        if (reason.length === 0) refuse('guidance.refusal-needs-reason', 'a refusal must say why', 'reason');
        return [WrittenRequestRefused.create({ requestId, kind, approverUnit, reason, late })];
      }
      return [
        WrittenRequestApproved.create({
          requestId,
          kind,
          approverUnit,
          ...optional('note', command.reason?.trim() || undefined),
          late,
        }),
      ];
    }
    case 'record-outcome':
      if (state.status === 'pending')
        refuse('guidance.request-not-approved', `written request ${requestId} is not answered yet`);
      if (state.status !== 'approved')
        refuse('guidance.request-closed', `written request ${requestId} is ${state.status} already`);
      mustAnswerFor(state, command.by, false);
      return [
        WrittenRequestOutcomeRecorded.create({
          requestId,
          kind,
          outcome: command.outcome,
          ...optional('occurredAt', command.occurredAt),
        }),
      ];
    case 'fire-due':
      return dueOf(state, requestId, kind, Date.parse(command.now));
  }
}

function file(
  command: Extract<WrittenRequestCommand, { kind: 'file' }>,
  state: WrittenRequestState,
): NewEvent[] {
  if (state.status !== 'none')
    refuse('guidance.request-exists', `written request ${command.requestId} exists already`);
  const rules = command.policy.kinds[command.requestKind];
  if (rules.incidentRequired && command.incidentId === undefined)
    refuse(
      'guidance.request-needs-incident',
      `a ${command.requestKind} request names the incident it concerns (${rules.article})`,
      'incidentId',
    );
  // A request goes up or across to another unit: addressing one's own unit (or a unit below it) asks no one.
  if (covers([command.orgUnit], command.approverUnit))
    refuse(
      'guidance.request-addressed-to-self',
      'a written request is addressed to another unit (the city bureau, the publicity department, the supervising bureau)',
      'approverUnit',
    );
  const filed = Date.parse(command.now);
  const dueAt = new Date(filed + rules.answerWithinMinutes * MINUTE).toISOString();
  const remind = Date.parse(dueAt) - rules.reminderLeadMinutes * MINUTE;
  const remindAt = remind > filed ? new Date(remind).toISOString() : undefined;
  const document = renderWrittenRequest({
    kind: command.requestKind,
    article: rules.article,
    subject: command.subject,
    body: command.body,
    orgUnit: command.orgUnit,
    approverUnit: command.approverUnit,
    ...optional('incidentId', command.incidentId),
    filedAt: command.now,
    dueAt,
  });
  return [
    WrittenRequestFiled.create({
      requestId: command.requestId,
      kind: command.requestKind,
      ...optional('incidentId', command.incidentId),
      approverUnit: command.approverUnit,
      approverRoles: [...rules.approverRoles],
      article: rules.article,
      subject: command.subject,
      body: command.body,
      document,
      dueAt,
      ...optional('remindAt', remindAt),
      ruleSetVersion: command.policy.version,
    }),
  ];
}

/** Only the addressed unit answers, and for a decision only in a role its kind names (403 otherwise). */
function mustAnswerFor(state: WrittenRequestState, by: Answerer, checkRole: boolean): void {
  const unit = state.approverUnit ?? '';
  if (!covers(by.scope, unit))
    throw new NotPermittedError(
      'guidance.request-addressed-elsewhere',
      `written request ${state.requestId} is addressed to ${unit}; only that unit answers it`,
    );
  if (checkRole && (by.role === undefined || !state.approverRoles.includes(by.role)))
    throw new NotPermittedError(
      'guidance.request-approver-role',
      `a ${state.kind} request is answered by ${state.approverRoles.join(' or ')}`,
    );
}

/** While unanswered: the reminder once its time came (and only before the deadline), then the overdue. */
function dueOf(
  state: WrittenRequestState,
  requestId: string,
  kind: WrittenRequestKind,
  now: number,
): NewEvent[] {
  if (state.status !== 'pending' || state.dueAt === undefined) return [];
  const due = Date.parse(state.dueAt);
  if (due <= now) {
    if (state.overdue) return [];
    return [
      WrittenRequestOverdue.create({
        requestId,
        kind,
        dueAt: state.dueAt,
        ruleSetVersion: state.ruleSetVersion ?? 'unknown',
      }),
    ];
  }
  if (state.reminded || state.remindAt === undefined || Date.parse(state.remindAt) > now) return [];
  return [
    WrittenRequestReminderDue.create({
      requestId,
      kind,
      dueAt: state.dueAt,
      minutesRemaining: Math.floor((due - now) / MINUTE),
    }),
  ];
}

/** The decider the handlers and the deadline watcher run (load, decide, append). */
export const writtenRequestDecider = {
  initialState: initialWrittenRequestState,
  evolve: evolveWrittenRequest,
  decide: decideWrittenRequest,
};
