import {
  DomainRuleError,
  ReportingObligationFulfilled,
  ReportingObligationOpened,
  type EventData,
  type NewEvent,
} from '@yuqing/contracts';
import { DEFAULT_REPORTING_POLICY } from '../policy/default-policy';
import { at, CITY, L1, L2, L3, ReportingHistory, typesOf } from '../testing/reporting-history.fixtures';
import {
  decideHandlingSummary,
  type HandlingSummaryCommand,
  type SummaryParts,
} from './handling-summary.decider';

// given / when / then for 处置完…总结分析…上报 (篇一 二(二)): handling declared complete opens the summary obligation,
// which the watcher tracks like the others; the summary fulfils it, with all four parts for 一级 and 二级.

const policy = DEFAULT_REPORTING_POLICY;
const HOUR = 60;
const FULL: SummaryParts = {
  whatHappened: '某小区停水三天，网民在论坛集中反映。',
  howHandled: '协调自来水公司抢修，县政府网回应。',
  lessons: '停水信息应提前公告。',
  outlook: '舆情平息，持续关注。',
};

function decide(history: ReportingHistory, command: HandlingSummaryCommand): NewEvent[] {
  const events = decideHandlingSummary(command, history.state());
  history.record(events);
  return events;
}

const declare = (history: ReportingHistory, minutes: number) =>
  decide(history, {
    kind: 'declare-completed',
    incidentId: history.incidentId,
    orgUnit: history.orgUnit,
    completedAt: at(minutes),
    note: '供水恢复。',
    now: at(minutes),
    policy,
    newId: history.newId,
  });

const submit = (
  history: ReportingHistory,
  parts: SummaryParts,
  minutes: number,
  obligationId = history.obligation('handling-summary'),
) =>
  decide(history, {
    kind: 'submit-summary',
    summaryId: `summary-${minutes}`,
    obligationId,
    parts,
    submittedAt: at(minutes),
    now: at(minutes),
    policy,
  });

function refusal(f: () => unknown): [string, string | undefined] {
  try {
    f();
  } catch (error) {
    if (error instanceof DomainRuleError) return [error.rule, error.field];
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('处置总结: the handling summary (篇一 二(二))', () => {
  it('opens a summary obligation to the city, due 3 days after the handling was declared complete', () => {
    const history = new ReportingHistory();
    history.graded(L2, 5);
    const events = declare(history, 30 * HOUR);
    expect(typesOf(events)).toEqual(['HandlingCompleted', 'ReportingObligationOpened']);
    expect(events[1]!.data as EventData<typeof ReportingObligationOpened>).toMatchObject({
      kind: 'handling-summary',
      reason: 'handling-completed',
      grade: L2,
      recipientOrgUnitId: CITY,
      clockBasis: 'handling-completed',
      clockStartedAt: at(30 * HOUR),
      dueAt: at(30 * HOUR + 72 * HOUR),
    });
  });

  it('refuses declaring the handling complete twice', () => {
    const history = new ReportingHistory();
    history.graded(L2, 5);
    declare(history, 30 * HOUR);
    expect(refusal(() => declare(history, 31 * HOUR))[0]).toBe('reporting.handling-already-completed');
  });

  it('is reminded and recorded overdue by the watcher like every obligation', () => {
    const history = new ReportingHistory();
    history.graded(L3, 5);
    declare(history, 10 * HOUR);
    history.run({
      kind: 'report-handling-result',
      reportId: 'r-1',
      obligationId: history.obligation('handling-result'),
      result: '已办结。',
      resolution: 'resolved',
      publicReplyUrl: 'https://bbs.example.cn/t/1',
      reportedAt: at(10 * HOUR),
      now: at(10 * HOUR),
      policy,
    });
    expect(typesOf(history.tick(10 * HOUR + 72 * HOUR - 30))).toEqual(['ReportReminderDue']);
    expect(typesOf(history.tick(10 * HOUR + 72 * HOUR))).toEqual(['ReportOverdue']);
  });

  it('stays owed when the grade changes afterwards', () => {
    const history = new ReportingHistory();
    history.graded(L2, 5);
    declare(history, 30 * HOUR);
    const regraded = history.graded(L3, 31 * HOUR, 'grade-down');
    expect(typesOf(regraded).filter((t) => t === 'ReportingObligationCancelled')).toHaveLength(1);
    expect(history.obligation('handling-summary')).toBeDefined();
  });

  it('refuses a 二级 summary missing a part, naming it (the case library takes all four)', () => {
    const history = new ReportingHistory();
    history.graded(L2, 5);
    declare(history, 30 * HOUR);
    const { outlook: _outlook, ...withoutOutlook } = FULL;
    expect(refusal(() => submit(history, withoutOutlook, 40 * HOUR))).toEqual([
      'reporting.summary-part-missing',
      'outlook',
    ]);
    expect(refusal(() => submit(history, { ...FULL, lessons: '  ' }, 40 * HOUR))).toEqual([
      'reporting.summary-part-missing',
      'lessons',
    ]);
  });

  it('fulfils the obligation with a full 一级 summary, on time', () => {
    const history = new ReportingHistory();
    history.graded(L1, 5);
    declare(history, 30 * HOUR);
    const obligationId = history.obligation('handling-summary');
    const events = submit(history, FULL, 40 * HOUR);
    expect(typesOf(events)).toEqual(['HandlingSummarySubmitted', 'ReportingObligationFulfilled']);
    expect(events[1]!.data as EventData<typeof ReportingObligationFulfilled>).toMatchObject({
      kind: 'handling-summary',
      reportId: 'summary-2400',
      onTime: true,
    });
    expect(refusal(() => submit(history, FULL, 41 * HOUR, obligationId))[0]).toBe(
      'reporting.obligation-already-fulfilled',
    );
  });

  it('takes a 三级 summary with only how it was handled, but not an empty one', () => {
    const history = new ReportingHistory();
    history.graded(L3, 5);
    declare(history, 30 * HOUR);
    expect(refusal(() => submit(history, {}, 40 * HOUR))).toEqual(['reporting.summary-empty', 'howHandled']);
    expect(typesOf(submit(history, { howHandled: FULL.howHandled }, 40 * HOUR))).toEqual([
      'HandlingSummarySubmitted',
      'ReportingObligationFulfilled',
    ]);
  });
});
