import {
  ReportingObligationCancelled,
  ReportingObligationConfirmed,
  ReportingObligationOpened,
  ReportingObligationReopened,
  type EventData,
  type Grade,
  type NewEvent,
} from '@yuqing/contracts';
import { DEFAULT_REPORTING_POLICY } from '../policy/default-policy';
import { at, L1, L2, ReportingHistory, typesOf } from '../testing/reporting-history.fixtures';

// 第十三条 counts the flash reports' 30 minutes from when the opinion arose, so a 一级 proposal owes them before the
// authority confirms; 伪舆情 (篇二 四(四)1) owes nothing, until judged genuine again.

const policy = DEFAULT_REPORTING_POLICY;
type Opened = EventData<typeof ReportingObligationOpened>;
type Cancelled = EventData<typeof ReportingObligationCancelled>;
const dataOf = <T>(events: readonly NewEvent[], type: string): T[] =>
  events.filter((e) => e.type === type).map((e) => e.data as T);

function proposed(history: ReportingHistory, grade: Grade, minutes: number, eventId: string): NewEvent[] {
  return history.run({
    kind: 'open-for-proposal',
    incidentId: history.incidentId,
    orgUnit: history.orgUnit,
    grade,
    proposalEventId: eventId,
    proposedAt: at(minutes),
    incidentStart: { firstCapturedAt: at(0) },
    policy,
    newId: history.newId,
  });
}

function judged(history: ReportingHistory, verdict: 'genuine' | 'fabricated', eventId: string): NewEvent[] {
  return history.run({ kind: 'judge-genuineness', verdict, judgementEventId: eventId, policy });
}

describe('第十三条: flash reports owed on a 一级 proposal', () => {
  it('第十三条: an incident proposed 一级 and never confirmed owes its flash reports, provisional, on the clock from first capture', () => {
    const history = new ReportingHistory();

    const events = proposed(history, L1, 3, 'proposal-1');

    expect(dataOf<Opened>(events, ReportingObligationOpened.type)).toEqual([
      expect.objectContaining({
        kind: 'phone-flash',
        reason: 'grade-proposed',
        provisional: true,
        clockBasis: 'first-capture',
        clockStartedAt: at(0),
        dueAt: at(30),
      }),
      expect.objectContaining({ kind: 'paper-flash', provisional: true, dueAt: at(60) }),
    ]);
    expect(events.every((e) => e.metadata?.causationId === 'proposal-1')).toBe(true);
    // Never confirmed: the watcher finds them overdue at +30 and +60 minutes.
    expect(typesOf(history.tick(31))).toEqual(['ReportOverdue']);
    expect(typesOf(history.tick(61))).toEqual(['ReportOverdue']);
  });

  it('第十三条: the confirmation makes the same obligations firm, with no second set', () => {
    const history = new ReportingHistory();
    proposed(history, L1, 3, 'proposal-1');

    const events = history.graded(L1, 12, 'confirmed-1');

    expect(typesOf(events)).toEqual(['ReportingObligationConfirmed', 'ReportingObligationConfirmed']);
    expect(
      dataOf<EventData<typeof ReportingObligationConfirmed>>(events, ReportingObligationConfirmed.type),
    ).toEqual([
      expect.objectContaining({ kind: 'phone-flash', gradeEventId: 'confirmed-1', grade: L1 }),
      expect.objectContaining({ kind: 'paper-flash', gradeEventId: 'confirmed-1' }),
    ]);
    const open = history.state().obligations.filter((o) => o.status === 'open');
    expect(open.map((o) => [o.kind, o.dueAt, o.provisional ?? false])).toEqual([
      ['phone-flash', at(30), false],
      ['paper-flash', at(60), false],
    ]);
    // A redelivered confirmation and a repeated proposal change nothing.
    expect(history.graded(L1, 12, 'confirmed-1')).toEqual([]);
    expect(proposed(history, L1, 20, 'proposal-2')).toEqual([]);
  });

  it('第十三条: set to 二级 by the authority at +20 minutes, the flash reports are cancelled citing that decision', () => {
    const history = new ReportingHistory();
    proposed(history, L1, 3, 'proposal-1');

    const events = history.graded(L2, 20, 'override-1');

    const cancelled = dataOf<Cancelled>(events, ReportingObligationCancelled.type);
    expect(cancelled.map((c) => [c.kind, c.reason, c.causeEventId])).toEqual([
      ['phone-flash', 'grade-changed', 'override-1'],
      ['paper-flash', 'grade-changed', 'override-1'],
    ]);
    expect(dataOf<Opened>(events, ReportingObligationOpened.type).map((o) => o.kind)).toEqual(['bulletin']);
    expect(history.tick(61)).toEqual([]);
  });

  it('does not open flash reports for a 二级 proposal, nor again for a 一级 already in force', () => {
    const history = new ReportingHistory();
    expect(proposed(history, L2, 3, 'proposal-1')).toEqual([]);
    history.graded(L1, 5, 'confirmed-1');
    expect(proposed(history, L1, 8, 'proposal-2')).toEqual([]);
  });

  it('runs the clock from the proposal when a lower grade is already in force', () => {
    const history = new ReportingHistory();
    history.graded(L2, 5, 'confirmed-1');

    const events = proposed(history, L1, 90, 'proposal-1');

    expect(dataOf<Opened>(events, ReportingObligationOpened.type)).toEqual([
      expect.objectContaining({ kind: 'phone-flash', clockBasis: 'proposed', dueAt: at(120) }),
      expect.objectContaining({ kind: 'paper-flash', clockBasis: 'proposed', dueAt: at(150) }),
    ]);
  });
});

describe('伪舆情 (篇二 四(四)1): an incident judged fabricated owes no reports', () => {
  it('cancels every open obligation citing the judgement, and a later genuine judgement reopens them on their clocks', () => {
    const history = new ReportingHistory();
    history.graded(L1, 5, 'confirmed-1');

    const cancelled = judged(history, 'fabricated', 'judged-1');

    expect(
      dataOf<Cancelled>(cancelled, ReportingObligationCancelled.type).map((c) => [
        c.kind,
        c.reason,
        c.causeEventId,
      ]),
    ).toEqual([
      ['phone-flash', 'judged-fabricated', 'judged-1'],
      ['paper-flash', 'judged-fabricated', 'judged-1'],
    ]);
    expect(history.state().obligations.filter((o) => o.status === 'open')).toEqual([]);
    expect(history.tick(61)).toEqual([]);
    expect(judged(history, 'fabricated', 'judged-1')).toEqual([]);

    const reopened = judged(history, 'genuine', 'judged-2');

    expect(
      dataOf<EventData<typeof ReportingObligationReopened>>(reopened, ReportingObligationReopened.type).map(
        (r) => [r.kind, r.causeEventId, r.cancelledBy, r.dueAt],
      ),
    ).toEqual([
      ['phone-flash', 'judged-2', 'judged-1', at(30)],
      ['paper-flash', 'judged-2', 'judged-1', at(60)],
    ]);
    // Their original deadlines: both have passed by +61 minutes.
    expect(typesOf(history.tick(61))).toEqual(['ReportOverdue', 'ReportOverdue']);
    expect(judged(history, 'genuine', 'judged-2')).toEqual([]);
  });
});
