import type { Decider } from '@yuqing/event-store';
import { onlineGuidanceDecider, responseDecider, writtenRequestDecider } from '@yuqing/guidance-domain';

// What the deadline watcher can wake, by subject kind: the decider of the subject's stream and the command that
// asks it what is due at a moment (reminders, overdues). Another guidance aggregate with a deadline adds its
// entry here and calls GuidanceDeadlines.register in the handler that sets the deadline.

export interface DeadlineSubject<C, S> {
  readonly decider: Decider<C, S>;
  /** The command asking the stream what is due at `now` (an ISO instant); it answers nothing when nothing is. */
  fireDue(now: string): C;
}

/** Widens a subject for the registry (the watcher only passes its own command back to its own decider). */
function subject<C, S>(entry: DeadlineSubject<C, S>): DeadlineSubject<unknown, unknown> {
  return entry as DeadlineSubject<unknown, unknown>;
}

export const DEADLINE_SUBJECTS: Readonly<Record<string, DeadlineSubject<unknown, unknown>>> = {
  /** A written request's answer (reminder, then overdue). */
  'written-request': subject({
    decider: writtenRequestDecider,
    fireDue: (now) => ({ kind: 'fire-due' as const, now }),
  }),
  /** An incident's first public response (reminder, then overdue), until a release is published. */
  'first-response': subject({
    decider: responseDecider,
    fireDue: (now) => ({ kind: 'fire-due' as const, now }),
  }),
  /** A commentator's guidance task, to be reported back (overdue). */
  'guidance-task': subject({
    decider: onlineGuidanceDecider,
    fireDue: (now) => ({ kind: 'fire-due' as const, now }),
  }),
};

export type DeadlineSubjectKind = keyof typeof DEADLINE_SUBJECTS;
