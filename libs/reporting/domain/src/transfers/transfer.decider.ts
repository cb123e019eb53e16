import {
  NotFoundError,
  optional,
  refuse,
  reportingStreams,
  TransferAnswered,
  TransferReminderDue,
  TransferResponseOverdue,
  TransferResponseOwed,
  type EventData,
  type NewEvent,
  type RecordedEvent,
} from '@yuqing/contracts';
import type { ReportingPolicy } from '../policy/reporting-policy';

// 转办 (篇一 二(一)): an item the 网信办 transfers down with a time limit (ItemTransferredIn.respondBy) puts the
// receiving unit under a duty to answer back (回告) to the office that transferred it. One stream per transferred
// item (`reporting-transfer-<itemId>`): the duty, its reminders, its passing unanswered, and the answer, on time or
// late. Time is data: every command carries the moment it is decided at.

const MINUTE = 60_000;
/** How far ahead of the service's clock a reported time may be (clocks of phones and PCs drift). */
const CLOCK_SKEW_MS = 5 * MINUTE;

export interface TransferState {
  readonly transferId?: string;
  readonly fromOrgUnitId?: string;
  readonly receivingOrgUnitId?: string;
  readonly transferredAt?: string;
  readonly dueAt?: string;
  readonly reminderLeadMinutes: readonly number[];
  /** Reminder leads already given (a nearer reminder covers the farther ones). */
  readonly remindedLeads: readonly number[];
  readonly ruleSetVersion?: string;
  readonly status: 'none' | 'open' | 'answered';
  /** A TransferResponseOverdue was recorded (it stays recorded when the answer comes late). */
  readonly overdue: boolean;
  readonly answeredAt?: string;
  readonly onTime?: boolean;
  /** The event that opened the duty: the cause of what the clock does about it. */
  readonly owedEventId?: string;
}

export const initialTransferState = (): TransferState => ({
  reminderLeadMinutes: [],
  remindedLeads: [],
  status: 'none',
  overdue: false,
});

export function evolveTransfer(state: TransferState, event: RecordedEvent): TransferState {
  switch (event.type) {
    case TransferResponseOwed.type: {
      const e = event.data as EventData<typeof TransferResponseOwed>;
      return {
        ...state,
        transferId: e.transferId,
        fromOrgUnitId: e.fromOrgUnitId,
        receivingOrgUnitId: e.receivingOrgUnitId,
        transferredAt: e.transferredAt,
        dueAt: e.dueAt,
        reminderLeadMinutes: e.reminderLeadMinutes,
        ruleSetVersion: e.ruleSetVersion,
        status: 'open',
        owedEventId: event.eventId,
      };
    }
    case TransferReminderDue.type: {
      const e = event.data as EventData<typeof TransferReminderDue>;
      return {
        ...state,
        remindedLeads: state.reminderLeadMinutes.filter(
          (lead) => lead >= e.leadMinutes || state.remindedLeads.includes(lead),
        ),
      };
    }
    case TransferResponseOverdue.type:
      return { ...state, overdue: true };
    case TransferAnswered.type: {
      const e = event.data as EventData<typeof TransferAnswered>;
      return { ...state, status: 'answered', answeredAt: e.answeredAt, onTime: e.onTime };
    }
    default:
      return state;
  }
}

export type TransferCommand =
  | {
      /** Ingestion recorded an item transferred in (ItemTransferredIn): the answer is owed from now. */
      readonly kind: 'receive';
      readonly transferId: string;
      readonly fromOrgUnitId: string;
      readonly receivingOrgUnitId: string;
      readonly transferReference: string;
      readonly title: string;
      readonly instructions?: string;
      readonly transferredAt: string;
      readonly respondBy: string;
      readonly policy: ReportingPolicy;
    }
  | {
      /** 回告: the receiving unit answers the office that transferred it. */
      readonly kind: 'answer';
      readonly answer: string;
      readonly resolution: 'resolved' | 'explained';
      readonly publicReplyUrl?: string;
      readonly answeredAt: string;
      readonly now: string;
    }
  | {
      /** The watcher: the reminder or the time limit the clock has made due. */
      readonly kind: 'fire-due';
      readonly now: string;
    };

const ms = (iso: string) => Date.parse(iso);
const iso = (time: number) => new Date(time).toISOString();

export function decideTransfer(command: TransferCommand, state: TransferState): NewEvent[] {
  switch (command.kind) {
    case 'receive':
      return receive(command, state);
    case 'answer':
      return answer(command, state);
    case 'fire-due':
      return fireDue(command, state);
  }
}

function receive(command: Extract<TransferCommand, { kind: 'receive' }>, state: TransferState): NewEvent[] {
  // A redelivered transfer opens nothing twice.
  if (state.status !== 'none') return [];
  const { policy } = command;
  const leads = [...(policy.transfers?.reminderLeadMinutes ?? policy.reminders.default)].sort(
    (a, b) => b - a,
  );
  return [
    {
      ...TransferResponseOwed.create({
        transferId: command.transferId,
        fromOrgUnitId: command.fromOrgUnitId,
        receivingOrgUnitId: command.receivingOrgUnitId,
        transferReference: command.transferReference,
        title: command.title,
        ...optional('instructions', command.instructions),
        transferredAt: iso(ms(command.transferredAt)),
        // The transferring office set the limit (办理时限): the policy only adds the reminders.
        dueAt: iso(ms(command.respondBy)),
        reminderLeadMinutes: leads,
        ruleSetVersion: policy.version,
      }),
      metadata: { ruleVersion: policy.version },
    },
  ];
}

function answer(command: Extract<TransferCommand, { kind: 'answer' }>, state: TransferState): NewEvent[] {
  if (state.status === 'none') throw new NotFoundError('no transferred item owes an answer here');
  if (state.status === 'answered') {
    refuse(
      'reporting.transfer-already-answered',
      `transfer ${state.transferId} was answered at ${state.answeredAt}`,
    );
  }
  if (command.answer.trim() === '')
    refuse('reporting.answer-required', 'say how the item was handled (办理结果)', 'answer');
  if (ms(command.answeredAt) > ms(command.now) + CLOCK_SKEW_MS)
    refuse('reporting.time-in-future', 'answeredAt is later than now', 'answeredAt');
  if (ms(command.answeredAt) < ms(state.transferredAt!) - CLOCK_SKEW_MS)
    refuse('reporting.answered-before-transferred', 'an answer cannot precede the transfer', 'answeredAt');
  return [
    TransferAnswered.create({
      transferId: state.transferId!,
      fromOrgUnitId: state.fromOrgUnitId!,
      receivingOrgUnitId: state.receivingOrgUnitId!,
      answer: command.answer,
      resolution: command.resolution,
      ...optional('publicReplyUrl', command.publicReplyUrl),
      answeredAt: iso(ms(command.answeredAt)),
      dueAt: state.dueAt!,
      onTime: ms(command.answeredAt) <= ms(state.dueAt!),
    }),
  ];
}

/** What the clock asks of a transfer at `now`: the deadline passing, else the nearest reminder come round. */
export type TransferDue =
  | { readonly kind: 'overdue' }
  | { readonly kind: 'reminder'; readonly leadMinutes: number; readonly minutesRemaining: number };

export function transferDueWork(state: TransferState, now: Date): TransferDue | undefined {
  if (state.status !== 'open') return undefined;
  const due = ms(state.dueAt!);
  const at = now.getTime();
  if (due <= at) return state.overdue ? undefined : { kind: 'overdue' };
  const come = pendingLeads(state).filter((lead) => due - lead * MINUTE <= at);
  if (come.length === 0) return undefined;
  return {
    kind: 'reminder',
    leadMinutes: Math.min(...come),
    minutesRemaining: Math.floor((due - at) / MINUTE),
  };
}

/** When the watcher must next wake the transfer (undefined: nothing left for the clock to do). */
export function transferNextWakeAt(state: TransferState): string | undefined {
  if (state.status !== 'open' || state.overdue) return undefined;
  const due = ms(state.dueAt!);
  const times = [due, ...pendingLeads(state).map((lead) => due - lead * MINUTE)];
  return iso(Math.min(...times));
}

/** Reminders not yet given, leaving out those that would come before the transfer itself (noise). */
function pendingLeads(state: TransferState): number[] {
  const due = ms(state.dueAt!);
  const start = ms(state.transferredAt!);
  return state.reminderLeadMinutes.filter(
    (lead) => !state.remindedLeads.includes(lead) && due - lead * MINUTE > start,
  );
}

function fireDue(command: Extract<TransferCommand, { kind: 'fire-due' }>, state: TransferState): NewEvent[] {
  const work = transferDueWork(state, new Date(command.now));
  if (!work) return [];
  const metadata = {
    ...optional('causationId', state.owedEventId),
    ...optional('ruleVersion', state.ruleSetVersion),
  };
  if (work.kind === 'overdue') {
    const event = TransferResponseOverdue.create({
      transferId: state.transferId!,
      fromOrgUnitId: state.fromOrgUnitId!,
      receivingOrgUnitId: state.receivingOrgUnitId!,
      dueAt: state.dueAt!,
      ruleSetVersion: state.ruleSetVersion!,
    });
    return [{ ...event, metadata }];
  }
  const event = TransferReminderDue.create({
    transferId: state.transferId!,
    receivingOrgUnitId: state.receivingOrgUnitId!,
    dueAt: state.dueAt!,
    leadMinutes: work.leadMinutes,
    minutesRemaining: work.minutesRemaining,
  });
  return [{ ...event, metadata }];
}

/** The decider as the event store's command handling takes it. */
export const transferDecider = {
  initialState: initialTransferState,
  evolve: evolveTransfer,
  decide: decideTransfer,
};

/** The stream of a transferred item's answer (`reporting-transfer-<itemId>`). */
export const transferStreamId = reportingStreams.transfer.id;
