import {
  BulletinLeftUnsigned,
  BulletinSignedOff,
  BulletinSubmitted,
  DirectHandlingAssigned,
  FlashReportSent,
  FollowUpTaskOpened,
  ReportingObligationCancelled,
  ReportingObligationFulfilled,
  ReportingObligationOpened,
  ReportOverdue,
  ReportReminderDue,
  type EventData,
  type NewEvent,
} from '@yuqing/contracts';
import { DEFAULT_REPORTING_POLICY } from '../policy/default-policy';
import { parseReportingPolicy } from '../policy/reporting-policy';
import {
  at,
  CITY,
  COUNTY,
  EXCEPTIONAL,
  L1,
  L2,
  L3,
  ReportingHistory,
  TOWN,
  typesOf,
} from '../testing/reporting-history.fixtures';

type Opened = EventData<typeof ReportingObligationOpened>;
const opened = (events: readonly NewEvent[]): Opened[] =>
  events.filter((e) => e.type === ReportingObligationOpened.type).map((e) => e.data as Opened);
const dataOf = <T>(events: readonly NewEvent[], type: string): T =>
  events.find((e) => e.type === type)!.data as T;

const policy = DEFAULT_REPORTING_POLICY;

function flash(
  history: ReportingHistory,
  kind: string,
  minutes: number,
  extra: Partial<{ method: 'phone' | 'sms' | 'paper'; to: string; reportId: string }> = {},
) {
  return {
    kind: 'send-flash' as const,
    reportId: extra.reportId ?? `rep-${kind}-${minutes}`,
    obligationId: history.obligation(kind),
    method: extra.method ?? (kind === 'paper-flash' ? ('paper' as const) : ('phone' as const)),
    recipientOrgUnitId: extra.to ?? CITY,
    sentAt: at(minutes),
    summary: '宜良县某路段塌陷，已有中央媒体关注。',
    now: at(minutes),
    policy,
  };
}

describe('opening obligations when a grade comes into force (第十二至十五条)', () => {
  it('opens a phone flash due 30 minutes and a paper flash due 1 hour after first capture for a 一级 incident, both to the city', () => {
    const history = new ReportingHistory();

    const events = history.graded(L1, 5, 'grade-evt-1');

    expect(opened(events)).toEqual([
      expect.objectContaining({
        kind: 'phone-flash',
        grade: L1,
        reason: 'grade-in-force',
        recipientOrgUnitId: CITY,
        clockBasis: 'first-capture',
        clockStartedAt: at(0),
        dueAt: at(30),
        reminderLeadMinutes: [10],
        ruleSetVersion: 'reporting-rules@2026-01',
      }),
      expect.objectContaining({ kind: 'paper-flash', dueAt: at(60), reminderLeadMinutes: [15] }),
    ]);
    expect(events.every((e) => e.metadata?.causationId === 'grade-evt-1')).toBe(true);
  });

  it('starts the clock at first publication when the policy says so, never later than the capture', () => {
    const byPublication = parseReportingPolicy({
      ...policy,
      version: 'reporting-rules@2026-01-pub',
      clockStart: 'first-publication',
    });
    const history = new ReportingHistory(COUNTY, 'inc-1', byPublication);

    const events = history.run({
      kind: 'open-for-grade',
      incidentId: 'inc-1',
      orgUnit: COUNTY,
      grade: L1,
      gradeEventId: 'g-1',
      gradedAt: at(3),
      incidentStart: { firstCapturedAt: at(0), firstPublishedAt: at(-12) },
      policy: byPublication,
      newId: history.newId,
    });

    expect(opened(events)[0]).toMatchObject({
      clockBasis: 'first-publication',
      clockStartedAt: at(-12),
      dueAt: at(18),
    });
  });

  it('also owes the province a report when central media carry a 一级 incident (需要报送到省)', () => {
    const history = new ReportingHistory();

    const events = history.run({
      kind: 'open-for-grade',
      incidentId: 'inc-1',
      orgUnit: COUNTY,
      grade: L1,
      gradeEventId: 'g-1',
      gradedAt: at(4),
      incidentStart: { firstCapturedAt: at(0) },
      widestReach: 'central-media',
      policy,
      newId: history.newId,
    });

    expect(opened(events).map((o) => [o.kind, o.recipientOrgUnitId, o.dueAt])).toEqual([
      ['phone-flash', CITY, at(30)],
      ['paper-flash', CITY, at(60)],
      ['provincial-report', 'cn.yn', at(124)],
    ]);
  });

  it('reports a 特别重大 incident to the top at once, besides the flash reports and the province (第十二条)', () => {
    const history = new ReportingHistory();

    const kinds = opened(history.graded(EXCEPTIONAL)).map((o) => `${o.kind}@${o.dueAt}`);

    expect(kinds).toEqual([
      `top-level-report@${at(15)}`,
      `phone-flash@${at(30)}`,
      `paper-flash@${at(60)}`,
      `provincial-report@${at(122)}`,
    ]);
  });

  it('opens nothing again when the same grade event is delivered twice', () => {
    const history = new ReportingHistory();
    history.graded(L1, 2, 'g-1');

    expect(history.graded(L1, 2, 'g-1')).toEqual([]);
  });

  it('assigns a 三级 incident to its own department to handle directly, reporting back within 72 hours of grading (直办制)', () => {
    const history = new ReportingHistory();

    const events = history.graded(L3, 10);

    expect(typesOf(events)).toEqual(['ReportingObligationOpened', 'DirectHandlingAssigned']);
    expect(opened(events)[0]).toMatchObject({
      kind: 'handling-result',
      clockBasis: 'graded',
      dueAt: at(10 + 72 * 60),
    });
    expect(
      dataOf<EventData<typeof DirectHandlingAssigned>>(events, DirectHandlingAssigned.type),
    ).toMatchObject({
      departmentId: COUNTY,
      dueAt: at(10 + 72 * 60),
    });
  });
});

describe('escalation and downgrade (升级、降级)', () => {
  it('re-opens reporting for a rise from 二级 to 一级: withdraws the bulletin and runs the flash clocks from the escalation', () => {
    const history = new ReportingHistory();
    history.graded(L2, 5);
    const bulletin = history.obligation('bulletin');

    const events = history.graded(L1, 90, 'escalated-1');

    expect(typesOf(events)).toEqual([
      'ReportingObligationCancelled',
      'ReportingObligationOpened',
      'ReportingObligationOpened',
    ]);
    expect(
      dataOf<EventData<typeof ReportingObligationCancelled>>(events, ReportingObligationCancelled.type),
    ).toMatchObject({
      obligationId: bulletin,
      reason: 'grade-changed',
      grade: L1,
    });
    expect(opened(events).map((o) => [o.kind, o.clockBasis, o.dueAt])).toEqual([
      ['phone-flash', 'graded', at(120)],
      ['paper-flash', 'graded', at(150)],
    ]);
  });

  it('does not ask again for a flash report already made at 一级 when the incident becomes 特别重大', () => {
    const history = new ReportingHistory();
    history.graded(L1);
    history.run(flash(history, 'phone-flash', 10));

    const kinds = opened(history.graded(EXCEPTIONAL, 40, 'g-2')).map((o) => o.kind);

    expect(kinds).toEqual(['top-level-report', 'provincial-report']);
  });

  it('withdraws the open flash reports of a 一级 incident downgraded to 三级 and assigns direct handling', () => {
    const history = new ReportingHistory();
    history.graded(L1);

    const events = history.graded(L3, 20, 'g-down');

    expect(typesOf(events)).toEqual([
      'ReportingObligationCancelled',
      'ReportingObligationCancelled',
      'ReportingObligationOpened',
      'DirectHandlingAssigned',
    ]);
  });
});

describe('flash reports (快报制, 第十三条)', () => {
  it('meets the phone flash on time at +10 minutes and leaves the paper flash open', () => {
    const history = new ReportingHistory();
    history.graded(L1);
    const phone = history.obligation('phone-flash');

    const events = history.run(flash(history, 'phone-flash', 10));

    expect(typesOf(events)).toEqual(['FlashReportSent', 'ReportingObligationFulfilled']);
    expect(
      dataOf<EventData<typeof ReportingObligationFulfilled>>(events, ReportingObligationFulfilled.type),
    ).toEqual({
      obligationId: phone,
      incidentId: 'inc-1',
      kind: 'phone-flash',
      reportId: 'rep-phone-flash-10',
      fulfilledAt: at(10),
      dueAt: at(30),
      onTime: true,
    });
    expect(history.state().obligations.find((o) => o.kind === 'paper-flash')!.status).toBe('open');
  });

  it('records a phone flash made at +40 minutes as late (迟报)', () => {
    const history = new ReportingHistory();
    history.graded(L1);

    const events = history.run(flash(history, 'phone-flash', 40));

    expect(
      dataOf<EventData<typeof ReportingObligationFulfilled>>(events, ReportingObligationFulfilled.type)
        .onTime,
    ).toBe(false);
  });

  it('refuses a paper report against the phone flash, a second report against a met obligation, and a time in the future', () => {
    const history = new ReportingHistory();
    history.graded(L1);

    expect(history.refusal(flash(history, 'phone-flash', 10, { method: 'paper' }))).toBe(
      'reporting.method-does-not-fit',
    );
    expect(history.refusal({ ...flash(history, 'phone-flash', 10), now: at(0) })).toBe(
      'reporting.time-in-future',
    );
    const phone = history.obligation('phone-flash');
    history.run(flash(history, 'phone-flash', 10));
    expect(
      history.refusal({ ...flash(history, 'paper-flash', 12, { method: 'phone' }), obligationId: phone }),
    ).toBe('reporting.obligation-already-fulfilled');
  });

  it('records the figures and the grade a flash report states, as stated, even a grade below the one in force', () => {
    const history = new ReportingHistory();
    history.graded(L1);
    const figures = [
      { name: '受伤人数', value: 3, unit: '人' },
      { name: '塌陷面积', value: 12.5, unit: '平方米' },
    ];

    const events = history.run({ ...flash(history, 'phone-flash', 10), figures, statedGrade: L2 });

    // Reporting keeps what the report says; whether it understates (瞒报) is review's finding, not a refusal here.
    expect(dataOf<EventData<typeof FlashReportSent>>(events, FlashReportSent.type)).toMatchObject({
      reportId: 'rep-phone-flash-10',
      figures,
      statedGrade: L2,
    });
    const plain = dataOf<EventData<typeof FlashReportSent>>(
      history.run(flash(history, 'paper-flash', 20)),
      FlashReportSent.type,
    );
    expect(plain).not.toHaveProperty('figures');
    expect(plain).not.toHaveProperty('statedGrade');
  });

  it('refuses a flash report to a unit that is not up the chain (a sibling county)', () => {
    const history = new ReportingHistory();
    history.graded(L1);

    expect(history.refusal(flash(history, 'phone-flash', 5, { to: 'cn.yn.km.sl' }))).toBe(
      'reporting.recipient-not-up-the-chain',
    );
  });
});

describe('the deadline clock (时限)', () => {
  it('reminds before the phone flash is due, and only once', () => {
    const history = new ReportingHistory();
    history.graded(L1);

    const reminder = history.tick(21);

    expect(typesOf(reminder)).toEqual(['ReportReminderDue']);
    expect(reminder[0]!.data).toMatchObject({
      kind: 'phone-flash',
      leadMinutes: 10,
      minutesRemaining: 9,
      dueAt: at(30),
    });
    expect(history.tick(22)).toEqual([]);
  });

  it('appends ReportOverdue for the paper flash at +60 minutes when only the phone flash was made, and never twice', () => {
    const history = new ReportingHistory();
    history.graded(L1);
    history.run(flash(history, 'phone-flash', 10));

    const events = history.tick(61);

    // The paper flash's reminder came due too, but after its deadline: no one is reminded of the past.
    expect(typesOf(events)).toEqual(['ReportOverdue']);
    expect(events[0]!.data as EventData<typeof ReportOverdue>).toMatchObject({
      kind: 'paper-flash',
      dueAt: at(60),
      ruleSetVersion: 'reporting-rules@2026-01',
    });
    expect(history.tick(62)).toEqual([]);
  });

  it('keeps an overdue obligation open for the late report, which then meets it as late', () => {
    const history = new ReportingHistory();
    history.graded(L1);
    history.tick(61);

    const events = history.run(flash(history, 'paper-flash', 75));

    expect(
      dataOf<EventData<typeof ReportingObligationFulfilled>>(events, ReportingObligationFulfilled.type)
        .onTime,
    ).toBe(false);
    expect(history.state().obligations.find((o) => o.kind === 'paper-flash')).toMatchObject({
      overdue: true,
      status: 'fulfilled',
    });
  });

  it('gives the nearest reminder only when the watcher wakes late past several', () => {
    const history = new ReportingHistory();
    history.graded(L3, 0);

    const [reminder] = history.tick(72 * 60 - 100);

    expect(reminder!.data as EventData<typeof ReportReminderDue>).toMatchObject({
      leadMinutes: 120,
      minutesRemaining: 100,
    });
    expect(history.tick(72 * 60 - 90)).toEqual([]);
  });
});

describe('《网上舆情》 bulletins, sign-off (签批) and monitoring (第十四、十七条)', () => {
  function submitted(): { history: ReportingHistory; bulletinId: string } {
    const history = new ReportingHistory();
    history.graded(L2, 5);
    history.run({
      kind: 'submit-bulletin',
      bulletinId: 'bul-1',
      obligationId: history.obligation('bulletin'),
      issueNumber: '2026年第42期',
      title: '宜良县某路段塌陷引发网民关注',
      body: '一、基本情况……',
      recipientOrgUnitId: 'cn.yn.km.wxb',
      submittedAt: at(60),
      now: at(60),
      policy,
    });
    return { history, bulletinId: 'bul-1' };
  }

  it('meets the bulletin obligation when it reaches the city’s internet office, and awaits a sign-off for 24 hours', () => {
    const { history } = submitted();

    const [bulletin] = history.state().bulletins;
    expect(bulletin).toMatchObject({ status: 'awaiting-sign-off', signOffWaitUntil: at(60 + 24 * 60) });
    expect(history.state().obligations[0]).toMatchObject({ status: 'fulfilled', onTime: true });
  });

  it('carries the figures and the grade the bulletin states into BulletinSubmitted', () => {
    const history = new ReportingHistory();
    history.graded(L2, 5);
    const figures = [
      { name: '受伤人数', value: 3, unit: '人' },
      { name: '涉事车辆', value: 2 },
    ];

    const events = history.run({
      kind: 'submit-bulletin',
      bulletinId: 'bul-2',
      obligationId: history.obligation('bulletin'),
      title: '宜良县某路段塌陷引发网民关注',
      body: '一、基本情况……',
      recipientOrgUnitId: 'cn.yn.km.wxb',
      submittedAt: at(60),
      figures,
      statedGrade: L2,
      now: at(60),
      policy,
    });

    expect(dataOf<EventData<typeof BulletinSubmitted>>(events, BulletinSubmitted.type)).toMatchObject({
      bulletinId: 'bul-2',
      figures,
      statedGrade: L2,
    });
  });

  it('opens a follow-up task carrying out the instructions (批示) when a leader signs off, supervised by the unit', () => {
    const { history, bulletinId } = submitted();

    const events = history.run({
      kind: 'sign-off',
      bulletinId,
      signerOrgUnits: [CITY],
      instructions: '请县交通运输局立即组织抢修，并及时回应网民关切。',
      signedOffAt: at(120),
      now: at(120),
      policy,
      newId: history.newId,
    });

    expect(typesOf(events)).toEqual(['BulletinSignedOff', 'FollowUpTaskOpened']);
    expect(events[1]!.data as EventData<typeof FollowUpTaskOpened>).toMatchObject({
      bulletinId,
      description: '请县交通运输局立即组织抢修，并及时回应网民关切。',
      assigneeOrgUnitId: COUNTY,
      supervisorOrgUnitId: COUNTY,
      dueAt: at(120 + 48 * 60),
    });
  });

  it('opens one task per instruction the leader gives, each with its assignee', () => {
    const { history, bulletinId } = submitted();

    const events = history.run({
      kind: 'sign-off',
      bulletinId,
      signerOrgUnits: [CITY],
      instructions: '抢修并回应。',
      signedOffAt: at(120),
      tasks: [
        { description: '组织抢修', assigneeOrgUnitId: 'cn.yn.km.yl.jtj', dueAt: at(600) },
        { description: '网上回应网民关切' },
      ],
      now: at(120),
      policy,
      newId: history.newId,
    });

    const tasks = events.slice(1).map((e) => e.data as EventData<typeof FollowUpTaskOpened>);
    expect(tasks.map((t) => [t.description, t.assigneeOrgUnitId, t.dueAt])).toEqual([
      ['组织抢修', 'cn.yn.km.yl.jtj', at(600)],
      ['网上回应网民关切', COUNTY, at(120 + 48 * 60)],
    ]);
  });

  it('keeps monitoring an unsigned bulletin after the wait, and re-opens reporting when the heat then rises', () => {
    const { history } = submitted();

    const unsigned = history.tick(60 + 24 * 60, 42);

    expect(typesOf(unsigned)).toEqual(['BulletinLeftUnsigned']);
    expect(unsigned[0]!.data as EventData<typeof BulletinLeftUnsigned>).toMatchObject({ heatIndex: 42 });
    expect(history.state().monitoring).toMatchObject({ bulletinId: 'bul-1', baselineHeat: 42 });

    const small = history.run({
      kind: 'observe-heat',
      heatIndex: 50,
      measuredAt: at(1600),
      policy,
      newId: history.newId,
    });
    expect(small).toEqual([]);

    const rise = history.run({
      kind: 'observe-heat',
      heatIndex: 58,
      measuredAt: at(1700),
      policy,
      newId: history.newId,
    });
    expect(opened(rise)).toEqual([
      expect.objectContaining({
        kind: 'bulletin',
        reason: 'rose-while-unsigned',
        clockBasis: 'rose',
        dueAt: at(1700 + 240),
      }),
    ]);
    expect(history.state().monitoring).toBeUndefined();
  });

  it('第十七条: the county cannot sign its own bulletin', () => {
    const { history, bulletinId } = submitted();
    const signOff = (signerOrgUnits: readonly string[]) => ({
      kind: 'sign-off' as const,
      bulletinId,
      signerOrgUnits,
      instructions: '阅。',
      signedOffAt: at(90),
      now: at(90),
      policy,
      newId: history.newId,
    });

    // Given a bulletin the county submitted to the city's internet office, when the county's own principal
    // leader signs it, then it is refused: the receiving level (局领导 / 市局) signs.
    expect(history.refusal(signOff([COUNTY]))).toBe('reporting.sign-off-by-receiving-level');
    expect(history.refusal(signOff(['cn.yn.km.sl']))).toBe('reporting.sign-off-by-receiving-level');
    // When the city's leader signs, it is signed off, recorded with the receiving unit that signed.
    const events = history.run(signOff([CITY]));
    expect(events[0]!.data as EventData<typeof BulletinSignedOff>).toMatchObject({ signerOrgUnitId: CITY });
  });

  it('refuses a second sign-off of the same bulletin', () => {
    const { history, bulletinId } = submitted();
    const signOff = {
      kind: 'sign-off' as const,
      bulletinId,
      signerOrgUnits: [CITY],
      instructions: '阅。',
      signedOffAt: at(90),
      now: at(90),
      policy,
      newId: history.newId,
    };
    history.run(signOff);

    expect(history.refusal(signOff)).toBe('reporting.bulletin-already-signed-off');
  });
});

describe('direct handling reported back (回告, 直办制)', () => {
  const result = (history: ReportingHistory, publicReplyUrl?: string) => ({
    kind: 'report-handling-result' as const,
    reportId: 'rep-result',
    obligationId: history.obligation('handling-result'),
    result: '已完成路面修复，并在论坛回复说明。',
    resolution: 'resolved' as const,
    ...(publicReplyUrl ? { publicReplyUrl } : {}),
    reportedAt: at(2000),
    now: at(2000),
    policy,
  });

  it('closes the obligation when the result is reported back with its online reply', () => {
    const history = new ReportingHistory();
    history.graded(L3, 0);

    const events = history.run(result(history, 'https://bbs.example.cn/thread/9#reply-3'));

    expect(typesOf(events)).toEqual(['HandlingResultReported', 'ReportingObligationFulfilled']);
    expect(history.state().obligations[0]).toMatchObject({ status: 'fulfilled', onTime: true });
  });

  it('refuses a 回告 without the address of the outcome posted online (网上反馈)', () => {
    const history = new ReportingHistory();
    history.graded(L3, 0);

    expect(history.refusal(result(history))).toBe('reporting.public-reply-required');
  });
});

describe('reports up the chain (镇 → 县网信办 → 市), each hop acknowledged (签收)', () => {
  function townFlash(): ReportingHistory {
    const history = new ReportingHistory(TOWN);
    history.graded(L1);
    history.run(flash(history, 'phone-flash', 8, { to: 'cn.yn.km.yl.wxb', reportId: 'rep-1' }));
    return history;
  }

  it('leaves the obligation open while the report is at the county, and meets it when forwarded to the city', () => {
    const history = townFlash();
    expect(history.state().obligations[0]!.status).toBe('open');

    history.run({ kind: 'acknowledge', reportId: 'rep-1', acknowledgedAt: at(9), now: at(9) });
    const events = history.run({
      kind: 'forward',
      reportId: 'rep-1',
      toOrgUnitId: 'cn.yn.km.wxb',
      route: 'higher-level',
      forwardedAt: at(20),
      now: at(20),
      policy,
    });

    expect(typesOf(events)).toEqual(['ReportForwarded', 'ReportingObligationFulfilled']);
    expect(events[0]!.data).toMatchObject({ fromOrgUnitId: 'cn.yn.km.yl.wxb', toOrgUnitId: 'cn.yn.km.wxb' });
    expect(events[1]!.data).toMatchObject({ fulfilledAt: at(20), onTime: true });
    const acknowledged = history.run({
      kind: 'acknowledge',
      reportId: 'rep-1',
      acknowledgedAt: at(21),
      now: at(21),
    });
    expect(acknowledged[0]!.data).toMatchObject({ recipientOrgUnitId: 'cn.yn.km.wxb' });
    expect(
      history.refusal({ kind: 'acknowledge', reportId: 'rep-1', acknowledgedAt: at(22), now: at(22) }),
    ).toBe('reporting.nothing-to-acknowledge');
  });

  it('refuses to forward a report sideways or back down the chain', () => {
    const history = townFlash();

    const sideways = {
      kind: 'forward' as const,
      reportId: 'rep-1',
      toOrgUnitId: 'cn.yn.km.sl',
      route: 'higher-level' as const,
      forwardedAt: at(20),
      now: at(20),
      policy,
    };
    expect(history.refusal(sideways)).toBe('reporting.forward-skips-level');
    expect(history.refusal({ ...sideways, toOrgUnitId: TOWN })).toBe('reporting.forward-skips-level');
  });

  it('acknowledges the first send from the unit it was addressed to', () => {
    const history = townFlash();

    const [ack] = history.run({ kind: 'acknowledge', reportId: 'rep-1', acknowledgedAt: at(9), now: at(9) });

    expect(ack!.data).toMatchObject({ reportId: 'rep-1', recipientOrgUnitId: 'cn.yn.km.yl.wxb' });
  });
});

describe('leader message-board items (《地方领导留言板》, 第十七条)', () => {
  const refer = (history: ReportingHistory, boardName: string) =>
    history.run({
      kind: 'refer-board-item',
      incidentId: 'inc-1',
      orgUnit: COUNTY,
      itemId: 'item-board',
      boardName,
      capturedAt: at(0),
      policy,
      newId: history.newId,
    });

  it('routes an item on the city party secretary’s board to the city committee supervision office (市委督办室)', () => {
    const history = new ReportingHistory();

    const [o] = opened(refer(history, '人民网地方领导留言板·昆明市委书记'));

    expect(o).toMatchObject({
      kind: 'leader-board-referral',
      reason: 'leader-board-item',
      recipientOrgUnitId: 'cn.yn.km.swdbs',
      sourceItemId: 'item-board',
      dueAt: at(24 * 60),
    });
    expect(o!.grade).toBeUndefined();
  });

  it('routes the mayor’s board to the city government supervision office, and refuses the other office', () => {
    const history = new ReportingHistory();
    refer(history, '人民网地方领导留言板·昆明市市长');
    const forward = {
      kind: 'forward' as const,
      reportId: 'item-board',
      route: 'party-committee-supervision-office' as const,
      toOrgUnitId: 'cn.yn.km.swdbs',
      forwardedAt: at(30),
      now: at(30),
      policy,
    };

    expect(history.refusal(forward)).toBe('reporting.board-item-misrouted');
    const events = history.run({
      ...forward,
      route: 'government-supervision-office',
      toOrgUnitId: 'cn.yn.km.zfdbs',
    });
    expect(typesOf(events)).toEqual(['ReportForwarded', 'ReportingObligationFulfilled']);
  });

  it('refers a board item once however often it is seen', () => {
    const history = new ReportingHistory();
    refer(history, '昆明市委书记留言板');

    expect(refer(history, '昆明市委书记留言板')).toEqual([]);
  });
});
