import {
  ReportingObligationFulfilled,
  ReportOverdue,
  type EventData,
  type NewEvent,
} from '@yuqing/contracts';
import { DEFAULT_REPORTING_POLICY } from '../policy/default-policy';
import { at, CITY, L1, ReportingHistory, T0 } from '../testing/reporting-history.fixtures';
import { dueWork, standingOf } from './due-work';

// The boundaries of the 一级 flash reports (第十三条: 手机快报 "在舆情发生半小时内", 纸质快报 "在一小时内送达"; DOMAIN.md
// 7: within 30 minutes / 1 hour of the opinion arising). The clock starts when the opinion arose (T0, its first
// capture), so the deadline is the instant T0 + 30:00 for the phone flash and T0 + 60:00 for the paper flash:
// a report made at that instant is on time, one a second later is late; the watcher that finds none made by that
// instant records the report overdue (ReportOverdue), and not a second before.

/** `T0 + minutes:seconds`, as an ISO instant. */
const atClock = (minutes: number, seconds = 0): string =>
  new Date(T0 + (minutes * 60 + seconds) * 1000).toISOString();

/** given: a 一级 incident graded at +2 min, the opinion having arisen at T0. */
function level1(): ReportingHistory {
  const history = new ReportingHistory();
  history.graded(L1);
  return history;
}

/** The kinds of report the watcher records overdue when it wakes the incident at `now`. */
function overdueWhenWoken(history: ReportingHistory, now: string): string[] {
  const events: NewEvent[] = history.run({ kind: 'fire-due', now, policy: DEFAULT_REPORTING_POLICY });
  return events
    .filter((e) => e.type === ReportOverdue.type)
    .map((e) => (e.data as EventData<typeof ReportOverdue>).kind);
}

/** Whether a flash report of `kind` made at `sentAt` meets its obligation on time. */
function onTimeIfSentAt(kind: 'phone-flash' | 'paper-flash', sentAt: string): boolean {
  const history = level1();
  const events = history.run({
    kind: 'send-flash',
    reportId: `rep-${kind}`,
    obligationId: history.obligation(kind),
    method: kind === 'paper-flash' ? 'paper' : 'phone',
    recipientOrgUnitId: CITY,
    sentAt,
    summary: '宜良县某路段塌陷，已有中央媒体关注。',
    now: sentAt,
    policy: DEFAULT_REPORTING_POLICY,
  });
  const fulfilled = events.find((e) => e.type === ReportingObligationFulfilled.type);
  return (fulfilled!.data as EventData<typeof ReportingObligationFulfilled>).onTime;
}

describe('the deadline of the 一级 phone flash (手机快报, 半小时内): T0 + 30:00', () => {
  it('is due at T0 + 30:00 exactly', () => {
    const history = level1();

    expect(history.state().obligations.find((o) => o.kind === 'phone-flash')!.dueAt).toBe(at(30));
  });

  it('is not overdue at +29:59: the watcher records nothing overdue and the obligation stands pending', () => {
    const history = level1();

    expect(overdueWhenWoken(history, atClock(29, 59))).toEqual([]);
    const phone = history.state().obligations.find((o) => o.kind === 'phone-flash')!;
    expect(phone.overdue).toBeFalsy();
    expect(standingOf(phone, new Date(atClock(29, 59)))).toBe('pending');
  });

  it('is overdue at +30:00, the deadline instant, when no report was made', () => {
    const history = level1();

    expect(overdueWhenWoken(history, atClock(30, 0))).toEqual(['phone-flash']);
    expect(history.state().obligations.find((o) => o.kind === 'phone-flash')!.overdue).toBe(true);
  });

  it('is overdue at +30:01 to a watcher that first wakes then, and recorded overdue once', () => {
    const history = level1();

    expect(overdueWhenWoken(history, atClock(30, 1))).toEqual(['phone-flash']);
    expect(overdueWhenWoken(history, atClock(30, 2))).toEqual([]);
  });

  it('counts a phone flash made at +30:00 on time and one made at +30:01 late (迟报)', () => {
    expect(onTimeIfSentAt('phone-flash', atClock(29, 59))).toBe(true);
    expect(onTimeIfSentAt('phone-flash', atClock(30, 0))).toBe(true);
    expect(onTimeIfSentAt('phone-flash', atClock(30, 1))).toBe(false);
  });
});

describe('the deadline of the 一级 paper flash (纸质快报, 一小时内送达): T0 + 60:00', () => {
  it('is due at T0 + 60:00 exactly', () => {
    const history = level1();

    expect(history.state().obligations.find((o) => o.kind === 'paper-flash')!.dueAt).toBe(at(60));
  });

  it('is not overdue at +59 minutes nor at +59:59, while the phone flash is', () => {
    const history = level1();

    expect(overdueWhenWoken(history, atClock(59))).toEqual(['phone-flash']);
    expect(overdueWhenWoken(history, atClock(59, 59))).toEqual([]);
    const paper = history.state().obligations.find((o) => o.kind === 'paper-flash')!;
    expect(paper.overdue).toBeFalsy();
    expect(standingOf(paper, new Date(atClock(59, 59)))).toBe('pending');
    expect(dueWork(history.state(), new Date(atClock(59, 59)))).toEqual([]);
  });

  it('is overdue at +60:00, the deadline instant, when no report was made', () => {
    const history = level1();
    history.run({ kind: 'fire-due', now: atClock(59), policy: DEFAULT_REPORTING_POLICY });

    expect(overdueWhenWoken(history, atClock(60))).toEqual(['paper-flash']);
    expect(history.state().obligations.find((o) => o.kind === 'paper-flash')!.overdue).toBe(true);
  });

  it('is overdue at +61 minutes to a watcher that first wakes then, with the phone flash before it', () => {
    const history = level1();

    expect(overdueWhenWoken(history, atClock(61))).toEqual(['phone-flash', 'paper-flash']);
  });

  it('counts a paper flash delivered at +60:00 on time and one delivered at +60:01 late (迟报)', () => {
    expect(onTimeIfSentAt('paper-flash', atClock(59))).toBe(true);
    expect(onTimeIfSentAt('paper-flash', atClock(60))).toBe(true);
    expect(onTimeIfSentAt('paper-flash', atClock(60, 1))).toBe(false);
  });
});
