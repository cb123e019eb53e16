import {
  ReportingObligationCancelled,
  ReportingObligationCarriedOver,
  ReportingObligationOpened,
  ReportingObligationTakenOver,
  type EventData,
  type Grade,
  type NewEvent,
} from '@yuqing/contracts';
import { DEFAULT_REPORTING_POLICY } from '../policy/default-policy';
import {
  at,
  CITY,
  COUNTY,
  L1,
  L2,
  ReportingHistory,
  TOWN,
  typesOf,
} from '../testing/reporting-history.fixtures';
import { decideMerge, type MergeDecision } from './merge';

const policy = DEFAULT_REPORTING_POLICY;
const MERGE = 'merge-event-1';

type Cancelled = EventData<typeof ReportingObligationCancelled>;
type TakenOver = EventData<typeof ReportingObligationTakenOver>;
const dataOf = <T>(events: readonly NewEvent[], type: string): T[] =>
  events.filter((e) => e.type === type).map((e) => e.data as T);

/** given: an incident graded `grade`, the opinion having arisen at `T0 + aroseAt` minutes. */
function graded(incidentId: string, grade: Grade, aroseAt: number, orgUnit = COUNTY): ReportingHistory {
  const history = new ReportingHistory(orgUnit, incidentId);
  history.run({
    kind: 'open-for-grade',
    incidentId,
    orgUnit,
    grade,
    gradeEventId: `${incidentId}-grade`,
    gradedAt: at(aroseAt + 2),
    incidentStart: { firstCapturedAt: at(aroseAt) },
    policy,
    newId: () => `${incidentId}-${history.newId()}`,
  });
  return history;
}

/** when: the merged incident is merged into the survivor; both histories record what was decided. */
function merge(survivor: ReportingHistory, merged: ReportingHistory): MergeDecision {
  const decision = decideMerge(
    {
      survivorIncidentId: survivor.incidentId,
      mergedIncidentId: merged.incidentId,
      mergeEventId: MERGE,
      policy,
    },
    survivor.state(),
    merged.state(),
  );
  survivor.record(decision.survivor);
  merged.record(decision.merged);
  return decision;
}

const open = (history: ReportingHistory) =>
  history
    .state()
    .obligations.filter((o) => o.status === 'open')
    .map((o) => [o.kind, o.dueAt, o.carriedOverFrom ?? history.incidentId]);

describe('merging two incidents (合并): one set of obligations, the earliest clock kept', () => {
  it('carries the merged incident’s flash obligations over when their clock started first, and cancels the survivor’s, citing the merge', () => {
    // given two 一级 incidents of one event: the merged one arose at T0, the survivor 10 minutes later
    const mergedAway = graded('inc-m', L1, 0);
    const survivor = graded('inc-s', L1, 10);
    const survivorPhone = survivor.obligation('phone-flash');
    const mergedPhone = mergedAway.obligation('phone-flash');

    // when the first is merged into the second
    const decision = merge(survivor, mergedAway);

    // then the survivor takes over the earlier obligations (ids, clocks and deadlines kept) and cancels its own
    expect(typesOf(decision.survivor)).toEqual([
      'ReportingObligationTakenOver',
      'ReportingObligationTakenOver',
      'ReportingObligationCancelled',
      'ReportingObligationCancelled',
    ]);
    expect(dataOf<TakenOver>(decision.survivor, ReportingObligationTakenOver.type)[0]).toMatchObject({
      obligationId: mergedPhone,
      incidentId: 'inc-s',
      fromIncidentId: 'inc-m',
      reason: 'incident-merged',
      kind: 'phone-flash',
      grade: L1,
      openedFor: 'grade-in-force',
      recipientOrgUnitId: CITY,
      clockBasis: 'first-capture',
      clockStartedAt: at(0),
      dueAt: at(30),
      overdue: false,
    });
    expect(dataOf<Cancelled>(decision.survivor, ReportingObligationCancelled.type)[0]).toEqual({
      obligationId: survivorPhone,
      incidentId: 'inc-s',
      kind: 'phone-flash',
      reason: 'incident-merged',
      grade: L1,
      keptObligationId: mergedPhone,
      mergedWithIncidentId: 'inc-m',
      ruleSetVersion: policy.version,
    });
    expect(dataOf(decision.merged, ReportingObligationCarriedOver.type)).toEqual([
      {
        obligationId: mergedPhone,
        incidentId: 'inc-m',
        kind: 'phone-flash',
        toIncidentId: 'inc-s',
        reason: 'incident-merged',
      },
      expect.objectContaining({ kind: 'paper-flash', toIncidentId: 'inc-s' }),
    ]);
    // every event cites the merge
    expect([...decision.survivor, ...decision.merged].every((e) => e.metadata?.causationId === MERGE)).toBe(
      true,
    );

    // and one open obligation per kind remains, at the earlier deadline; the merged incident has none open
    expect(open(survivor)).toEqual([
      ['phone-flash', at(30), 'inc-m'],
      ['paper-flash', at(60), 'inc-m'],
    ]);
    expect(open(mergedAway)).toEqual([]);
    expect(mergedAway.state().obligations.map((o) => o.status)).toEqual(['carried-over', 'carried-over']);
  });

  it('keeps the survivor’s own obligation when its deadline is earlier, cancelling the merged one’s where it was', () => {
    const survivor = graded('inc-s', L1, 0);
    const mergedAway = graded('inc-m', L1, 10);

    const decision = merge(survivor, mergedAway);

    expect(decision.survivor).toEqual([]);
    expect(typesOf(decision.merged)).toEqual([
      'ReportingObligationCancelled',
      'ReportingObligationCancelled',
    ]);
    expect(dataOf<Cancelled>(decision.merged, ReportingObligationCancelled.type)[0]).toMatchObject({
      incidentId: 'inc-m',
      kind: 'phone-flash',
      reason: 'incident-merged',
      keptObligationId: survivor.obligation('phone-flash'),
      mergedWithIncidentId: 'inc-s',
    });
    expect(open(survivor)).toEqual([
      ['phone-flash', at(30), 'inc-s'],
      ['paper-flash', at(60), 'inc-s'],
    ]);
    expect(open(mergedAway)).toEqual([]);
  });

  it('counts a flash report already made for the merged incident for the survivor: not owed again, even when graded again', () => {
    // given the merged incident's phone flash already made at +10 min, the survivor's still open
    const mergedAway = graded('inc-m', L1, 0);
    const made = mergedAway.obligation('phone-flash');
    mergedAway.run({
      kind: 'send-flash',
      reportId: 'rep-phone',
      obligationId: made,
      method: 'phone',
      recipientOrgUnitId: CITY,
      sentAt: at(10),
      summary: '宜良县城区路面塌陷，人民网已报道。',
      now: at(10),
      policy,
    });
    const mergedPaper = mergedAway.obligation('paper-flash');
    const survivor = graded('inc-s', L1, 5);

    // when merged
    const decision = merge(survivor, mergedAway);

    // then the report made comes over as a record that counts, and the survivor's phone flash is withdrawn for it
    const takenOver = dataOf<TakenOver>(decision.survivor, ReportingObligationTakenOver.type);
    expect(takenOver.find((t) => t.obligationId === made)).toMatchObject({
      kind: 'phone-flash',
      fulfilment: { reportId: 'rep-phone', fulfilledAt: at(10), onTime: true },
      reports: [
        { reportId: 'rep-phone', kind: 'flash', hops: [expect.objectContaining({ toOrgUnitId: CITY })] },
      ],
    });
    expect(
      dataOf<Cancelled>(decision.survivor, ReportingObligationCancelled.type).map((c) => [
        c.kind,
        c.keptObligationId,
      ]),
    ).toEqual([
      ['phone-flash', made],
      ['paper-flash', mergedPaper],
    ]);
    const state = survivor.state();
    expect(state.obligations.filter((o) => o.kind === 'phone-flash').map((o) => o.status)).toEqual([
      'cancelled',
      'fulfilled',
    ]);
    // the paper flash: the merged one's, due at +60, stands (the survivor's was due at +65)
    expect(open(survivor)).toEqual([['paper-flash', at(60), 'inc-m']]);

    // and a new grade event for the survivor (e.g. a re-confirmation) asks for no second phone flash
    const again = survivor.run({
      kind: 'open-for-grade',
      incidentId: 'inc-s',
      orgUnit: COUNTY,
      grade: L1,
      gradeEventId: 'inc-s-grade-again',
      gradedAt: at(70),
      incidentStart: { firstCapturedAt: at(0) },
      policy,
      newId: survivor.newId,
    });
    expect(again).toEqual([]);
  });

  it('carries an overdue obligation over as overdue: recorded once, not reminded or marked overdue again', () => {
    // given the merged incident's phone flash went overdue at +30 (ReportOverdue recorded there), the survivor ungraded
    const mergedAway = graded('inc-m', L1, 0);
    mergedAway.tick(31);
    const survivor = new ReportingHistory(COUNTY, 'inc-s');

    const decision = merge(survivor, mergedAway);

    expect(dataOf<TakenOver>(decision.survivor, ReportingObligationTakenOver.type)[0]).toMatchObject({
      kind: 'phone-flash',
      overdue: true,
      remindedLeadMinutes: [],
    });
    expect(mergedAway.events.filter((e) => e.type === 'reporting.ReportOverdue')).toHaveLength(1);
    // the watcher at +31 on the survivor finds the paper flash's reminder due, and nothing overdue again
    expect(typesOf(survivor.tick(46))).toEqual(['ReportReminderDue']);
    expect(typesOf(survivor.tick(61))).toEqual(['ReportOverdue']);
  });

  it('carries a report in flight over: the survivor forwards it up and it meets the obligation there', () => {
    // given a town's incident whose phone flash went to the county and awaits forwarding to the city
    const mergedAway = graded('inc-m', L1, 0, TOWN);
    const phone = mergedAway.obligation('phone-flash');
    mergedAway.run({
      kind: 'send-flash',
      reportId: 'rep-town',
      obligationId: phone,
      method: 'phone',
      recipientOrgUnitId: COUNTY,
      sentAt: at(8),
      summary: '某镇路面塌陷。',
      now: at(8),
      policy,
    });
    const survivor = new ReportingHistory(TOWN, 'inc-s');

    merge(survivor, mergedAway);
    const forwarded = survivor.run({
      kind: 'forward',
      reportId: 'rep-town',
      toOrgUnitId: CITY,
      route: 'higher-level',
      forwardedAt: at(20),
      now: at(20),
      policy,
    });

    expect(typesOf(forwarded)).toEqual(['ReportForwarded', 'ReportingObligationFulfilled']);
    expect(forwarded[1]!.data).toMatchObject({ obligationId: phone, incidentId: 'inc-s', onTime: true });
    // and the merged incident refuses a report on what it no longer holds, naming where it went
    expect(
      mergedAway.refusal({
        kind: 'send-flash',
        reportId: 'rep-late',
        obligationId: phone,
        method: 'sms',
        recipientOrgUnitId: CITY,
        sentAt: at(21),
        summary: '补报',
        now: at(21),
        policy,
      }),
    ).toBe('reporting.obligation-carried-over');
  });

  it('always carries a leader message-board referral over (one per item), next to the survivor’s own', () => {
    const board = (history: ReportingHistory, itemId: string) =>
      history.run({
        kind: 'refer-board-item',
        incidentId: history.incidentId,
        orgUnit: COUNTY,
        itemId,
        boardName: '人民网地方领导留言板·昆明市市长',
        capturedAt: at(0),
        policy,
        newId: () => `${history.incidentId}-${history.newId()}`,
      });
    const mergedAway = new ReportingHistory(COUNTY, 'inc-m');
    board(mergedAway, 'item-board-1');
    const survivor = new ReportingHistory(COUNTY, 'inc-s');
    board(survivor, 'item-board-2');

    const decision = merge(survivor, mergedAway);

    expect(typesOf(decision.survivor)).toEqual(['ReportingObligationTakenOver']);
    expect(survivor.state().obligations.map((o) => o.sourceItemId)).toEqual(['item-board-2', 'item-board-1']);
    // the item is known: joining the survivor, it is not referred a second time
    expect(board(survivor, 'item-board-1')).toEqual([]);
  });

  it('decides nothing the second time, and nothing for an incident with no obligations', () => {
    const survivor = graded('inc-s', L2, 10);
    const mergedAway = graded('inc-m', L1, 0);
    merge(survivor, mergedAway);

    expect(merge(survivor, mergedAway)).toEqual({ survivor: [], merged: [] });
    expect(merge(survivor, new ReportingHistory(COUNTY, 'inc-x'))).toEqual({ survivor: [], merged: [] });
    // a 二级 survivor takes the 一级 flash obligations over beside its bulletin, until its own grade changes
    expect(
      open(survivor)
        .map(([kind]) => kind)
        .sort(),
    ).toEqual(['bulletin', 'paper-flash', 'phone-flash']);
  });
});

describe('an incident split off another (拆分)', () => {
  it('starts the clock of its first grade at the split, not at its items’ earlier capture', () => {
    const history = new ReportingHistory(COUNTY, 'inc-n');

    const events = history.run({
      kind: 'open-for-grade',
      incidentId: 'inc-n',
      orgUnit: COUNTY,
      grade: L1,
      gradeEventId: 'g-n',
      gradedAt: at(125),
      incidentStart: { firstCapturedAt: at(0), splitAt: at(120) },
      policy,
      newId: history.newId,
    });

    expect(
      events
        .filter((e) => e.type === ReportingObligationOpened.type)
        .map((e) => e.data as EventData<typeof ReportingObligationOpened>)
        .map((o) => [o.kind, o.clockBasis, o.clockStartedAt, o.dueAt]),
    ).toEqual([
      ['phone-flash', 'split', at(120), at(150)],
      ['paper-flash', 'split', at(120), at(180)],
    ]);
  });
});
