import { ReportingObligationOpened } from '@yuqing/contracts';
import { at, L1, L2, ReportingHistory } from '../testing/reporting-history.fixtures';
import { dueWork, secondsRemaining, standingOf, wakeUpsFor } from './due-work';

describe('what the watcher finds due (dueWork)', () => {
  it('finds nothing before the first reminder of a 一级 incident, the reminder at +20, both deadlines at +60', () => {
    const history = new ReportingHistory();
    history.graded(L1);
    const state = history.state();

    expect(dueWork(state, new Date(at(19)))).toEqual([]);
    expect(dueWork(state, new Date(at(20))).map((w) => w.kind)).toEqual(['reminder']);
    expect(dueWork(state, new Date(at(60))).map((w) => `${w.kind}:${'dueAt' in w ? w.dueAt : ''}`)).toEqual([
      `overdue:${at(30)}`,
      `overdue:${at(60)}`,
    ]);
  });

  it('schedules an obligation’s reminders and its deadline, and skips a reminder before the clock started', () => {
    const history = new ReportingHistory();
    const [phone] = history.graded(L1);

    expect(wakeUpsFor({ type: phone!.type, data: phone!.data })).toEqual([
      { incidentId: 'inc-1', kind: 'reminder', subjectId: 'id-1', leadMinutes: 10, fireAt: at(20) },
      { incidentId: 'inc-1', kind: 'overdue', subjectId: 'id-1', fireAt: at(30) },
    ]);
    const tight = ReportingObligationOpened.create({
      ...(phone!.data as Parameters<typeof ReportingObligationOpened.create>[0]),
      reminderLeadMinutes: [45],
    });
    expect(wakeUpsFor(tight).map((w) => w.kind)).toEqual(['overdue']);
  });

  it('schedules the end of a bulletin’s sign-off wait', () => {
    const history = new ReportingHistory();
    history.graded(L2);
    const [submitted] = history.run({
      kind: 'submit-bulletin',
      bulletinId: 'bul-1',
      obligationId: history.obligation('bulletin'),
      title: '网上舆情',
      body: '正文',
      recipientOrgUnitId: 'cn.yn.km',
      submittedAt: at(30),
      now: at(30),
      policy: history.policy,
    });

    expect(wakeUpsFor({ type: submitted!.type, data: submitted!.data })).toEqual([
      { incidentId: 'inc-1', kind: 'sign-off-wait', subjectId: 'bul-1', fireAt: at(30 + 24 * 60) },
    ]);
  });

  it('tells how an obligation stands and how long is left', () => {
    const open = { status: 'open' as const, dueAt: at(30) };

    expect(standingOf(open, new Date(at(10)))).toBe('pending');
    expect(secondsRemaining(open, new Date(at(10)))).toBe(20 * 60);
    expect(standingOf(open, new Date(at(31)))).toBe('overdue');
    expect(secondsRemaining(open, new Date(at(31)))).toBe(-60);
    expect(standingOf({ status: 'fulfilled', dueAt: at(30), onTime: false }, new Date(at(31)))).toBe(
      'fulfilled-late',
    );
    expect(secondsRemaining({ status: 'fulfilled', dueAt: at(30) }, new Date(at(31)))).toBeUndefined();
  });
});
