import {
  BulletinSubmitted,
  ReportingObligationOpened,
  type EventData,
  type RecordedEvent,
  type ReportKind,
} from '@yuqing/contracts';
import type { Obligation, ReportingState } from '../obligations/reporting-state';

// What the clock asks for. The deadline watcher wakes an incident when one of its wake-ups (a reminder, a
// deadline, the end of a sign-off wait) comes round; what is then due is decided here, from the state and the
// time alone, so a wake-up that finds the report already made does nothing, and two wake-ups cannot both act.

const MINUTE = 60_000;

export type DueWork =
  | {
      readonly kind: 'reminder';
      readonly obligationId: string;
      readonly reportKind: ReportKind;
      readonly leadMinutes: number;
      readonly dueAt: string;
      readonly minutesRemaining: number;
    }
  | {
      readonly kind: 'overdue';
      readonly obligationId: string;
      readonly reportKind: ReportKind;
      readonly dueAt: string;
    }
  | { readonly kind: 'sign-off-wait'; readonly bulletinId: string; readonly waitedUntil: string };

/**
 * Everything due at `now` on one incident, oldest first: a reminder (only the nearest one due, and only before its
 * deadline: a reminder after the fact reminds no one), an overdue deadline, a sign-off wait that ended.
 */
export function dueWork(state: ReportingState, now: Date): DueWork[] {
  const at = now.getTime();
  const work: { fireAt: number; work: DueWork }[] = [];
  for (const o of state.obligations) {
    if (o.status !== 'open') continue;
    const due = Date.parse(o.dueAt);
    if (due <= at) {
      if (!o.overdue)
        work.push({
          fireAt: due,
          work: { kind: 'overdue', obligationId: o.obligationId, reportKind: o.kind, dueAt: o.dueAt },
        });
      continue;
    }
    const reminder = dueReminder(o, due, at);
    if (reminder !== undefined) {
      work.push({
        fireAt: due - reminder * MINUTE,
        work: {
          kind: 'reminder',
          obligationId: o.obligationId,
          reportKind: o.kind,
          leadMinutes: reminder,
          dueAt: o.dueAt,
          minutesRemaining: Math.floor((due - at) / MINUTE),
        },
      });
    }
  }
  for (const b of state.bulletins) {
    const until = Date.parse(b.signOffWaitUntil);
    if (b.status === 'awaiting-sign-off' && until <= at) {
      work.push({
        fireAt: until,
        work: { kind: 'sign-off-wait', bulletinId: b.bulletinId, waitedUntil: b.signOffWaitUntil },
      });
    }
  }
  return work.sort((a, b) => a.fireAt - b.fireAt).map((w) => w.work);
}

/** The nearest reminder lead that has come round and not been given, if any. */
function dueReminder(o: Obligation, due: number, at: number): number | undefined {
  const come = o.reminderLeadMinutes.filter(
    (lead) => due - lead * MINUTE <= at && !o.remindedLeads.includes(lead),
  );
  return come.length === 0 ? undefined : Math.min(...come);
}

/** A moment the watcher must wake an incident: stored in the service's schedule, claimed when it comes round. */
export interface WakeUp {
  readonly incidentId: string;
  readonly kind: 'reminder' | 'overdue' | 'sign-off-wait';
  /** The obligation, or for a sign-off wait the bulletin. */
  readonly subjectId: string;
  readonly leadMinutes?: number;
  readonly fireAt: string;
}

/** The wake-ups an event schedules: an obligation's reminders and deadline, a bulletin's sign-off wait. */
export function wakeUpsFor(event: Pick<RecordedEvent, 'type' | 'data'>): WakeUp[] {
  if (event.type === ReportingObligationOpened.type) {
    const e = event.data as EventData<typeof ReportingObligationOpened>;
    const due = Date.parse(e.dueAt);
    const start = Date.parse(e.clockStartedAt);
    const reminders = e.reminderLeadMinutes
      // A reminder before the clock even started would be noise: the first wake-up is the deadline then.
      .filter((lead) => due - lead * MINUTE > start)
      .map((lead) => ({
        incidentId: e.incidentId,
        kind: 'reminder' as const,
        subjectId: e.obligationId,
        leadMinutes: lead,
        fireAt: new Date(due - lead * MINUTE).toISOString(),
      }));
    return [
      ...reminders,
      {
        incidentId: e.incidentId,
        kind: 'overdue',
        subjectId: e.obligationId,
        fireAt: new Date(due).toISOString(),
      },
    ];
  }
  if (event.type === BulletinSubmitted.type) {
    const e = event.data as EventData<typeof BulletinSubmitted>;
    return [
      {
        incidentId: e.incidentId,
        kind: 'sign-off-wait',
        subjectId: e.bulletinId,
        fireAt: e.signOffWaitUntil,
      },
    ];
  }
  return [];
}

/**
 * How an obligation stands at `now`, as lists and countdowns show it (`carried-over`: gone to the incident this one
 * was merged into, where it stands on).
 */
export type ObligationStanding =
  'pending' | 'overdue' | 'fulfilled' | 'fulfilled-late' | 'cancelled' | 'carried-over';

export function standingOf(
  o: Pick<Obligation, 'status' | 'dueAt' | 'onTime'>,
  now: Date,
): ObligationStanding {
  if (o.status === 'cancelled') return 'cancelled';
  if (o.status === 'carried-over') return 'carried-over';
  if (o.status === 'fulfilled') return o.onTime === false ? 'fulfilled-late' : 'fulfilled';
  return Date.parse(o.dueAt) <= now.getTime() ? 'overdue' : 'pending';
}

/** Seconds left until the deadline (negative once passed), or undefined once the obligation is closed. */
export function secondsRemaining(o: Pick<Obligation, 'status' | 'dueAt'>, now: Date): number | undefined {
  if (o.status !== 'open') return undefined;
  return Math.floor((Date.parse(o.dueAt) - now.getTime()) / 1000);
}
