import {
  DomainRuleError,
  NotFoundError,
  NotPermittedError,
  WrittenRequestApproved,
  WrittenRequestFiled,
  WrittenRequestOverdue,
  WrittenRequestReminderDue,
  type EventData,
  type NewEvent,
} from '@yuqing/contracts';
import {
  decideWrittenRequest,
  evolveWrittenRequest,
  initialWrittenRequestState,
  type Answerer,
  type WrittenRequestCommand,
} from './written-request.decider';
import { DEFAULT_WRITTEN_REQUEST_POLICY } from './written-request.policy';
import type { WrittenRequestKind } from './written-request.kinds';

const policy = DEFAULT_WRITTEN_REQUEST_POLICY;
const REQUEST = '0193a1b2-0000-7000-8000-0000000000b1';
const T0 = '2026-12-07T02:00:00.000Z';
const minutes = (m: number) => new Date(Date.parse(T0) + m * 60_000).toISOString();
const cityOffice: Answerer = { id: 'km.wxb', role: 'internet-office', scope: ['cn.yn.km'] };
const publicity: Answerer = { id: 'km.xcb', role: 'publicity-department', scope: ['cn.yn.km'] };

function fileCommand(
  kind: WrittenRequestKind,
  over: Partial<WrittenRequestCommand> = {},
): WrittenRequestCommand {
  return {
    kind: 'file',
    requestId: REQUEST,
    requestKind: kind,
    orgUnit: 'cn.yn.km.yl.jtj',
    approverUnit: kind === 'press-conference' ? 'cn.yn.km.xcb' : 'cn.yn.km.wxb',
    subject: '路面塌陷事件',
    body: '请予协调。\n第二段。',
    now: T0,
    policy,
    ...over,
  } as WrittenRequestCommand;
}

/** given the events, when the command: the events decided (a domain error is thrown). */
function given(...history: NewEvent[]) {
  const state = history.reduce(evolveWrittenRequest, initialWrittenRequestState());
  return { when: (command: WrittenRequestCommand) => decideWrittenRequest(command, state) };
}

const filed = (kind: WrittenRequestKind = 'city-coordination') =>
  decideWrittenRequest(fileCommand(kind), initialWrittenRequestState());
const dataOf = (events: NewEvent[]) => events[0]!.data as EventData<typeof WrittenRequestFiled>;

describe('filing a written request', () => {
  it('sets the answer deadline and the reminder from the policy, by kind', () => {
    const coordination = dataOf(filed('city-coordination'));
    expect(coordination).toMatchObject({
      kind: 'city-coordination',
      article: '第十八条',
      dueAt: minutes(24 * 60),
      remindAt: minutes(20 * 60),
      approverRoles: ['internet-office', 'leading-group-office'],
      ruleSetVersion: 'written-requests@1',
    });
    const conference = dataOf(filed('press-conference'));
    expect(conference).toMatchObject({
      dueAt: minutes(240),
      remindAt: minutes(180),
      approverRoles: ['publicity-department'],
    });
  });

  it('generates the document, with what the unit wrote escaped as text', () => {
    const events = decideWrittenRequest(
      fileCommand('press-conference', { body: '<script>x</script> [点此](http://evil) **粗**' }),
      initialWrittenRequestState(),
    );
    const { document } = dataOf(events);
    expect(document).toContain('# 关于召开新闻发布会的请示');
    expect(document).toContain('主送单位：cn\\.yn\\.km\\.xcb');
    expect(document).toContain('&lt;script&gt;');
    expect(document).not.toContain('<script>');
    expect(document).toContain('\\[点此\\]\\(http://evil\\)');
    expect(document).toContain('请于 2026-12-07 14:00 (北京时间) 前答复');
  });

  it('refuses a 二级 consultation that names no incident, and a request to the unit itself', () => {
    expect(() => given().when(fileCommand('level-2-consultation'))).toThrow(
      expect.objectContaining({ rule: 'guidance.request-needs-incident', field: 'incidentId' }),
    );
    expect(() =>
      given().when(fileCommand('city-coordination', { approverUnit: 'cn.yn.km.yl.jtj.bgs' })),
    ).toThrow(expect.objectContaining({ rule: 'guidance.request-addressed-to-self' }));
    expect(() => given(...filed()).when(fileCommand('city-coordination'))).toThrow(DomainRuleError);
  });
});

describe('answering a written request', () => {
  it('is approved by the addressed unit in a role its kind names', () => {
    const events = given(...filed()).when({
      kind: 'decide',
      decision: 'approve',
      by: cityOffice,
      now: minutes(30),
    });
    expect(events).toEqual([
      WrittenRequestApproved.create({
        requestId: REQUEST,
        kind: 'city-coordination',
        approverUnit: 'cn.yn.km.wxb',
        late: false,
      }),
    ]);
  });

  it('is 403 for another unit, and for a role the kind does not name', () => {
    const county: Answerer = { id: 'yl.wxb', role: 'internet-office', scope: ['cn.yn.km.yl'] };
    expect(() =>
      given(...filed()).when({ kind: 'decide', decision: 'approve', by: county, now: T0 }),
    ).toThrow(expect.objectContaining({ rule: 'guidance.request-addressed-elsewhere' }));
    const conference = filed('press-conference');
    expect(() =>
      given(...conference).when({ kind: 'decide', decision: 'approve', by: cityOffice, now: T0 }),
    ).toThrow(NotPermittedError);
    expect(
      given(...conference).when({ kind: 'decide', decision: 'approve', by: publicity, now: T0 }),
    ).toHaveLength(1);
  });

  it('needs a reason to refuse, and is answered once', () => {
    expect(() =>
      given(...filed()).when({ kind: 'decide', decision: 'refuse', reason: ' ', by: cityOffice, now: T0 }),
    ).toThrow(expect.objectContaining({ rule: 'guidance.refusal-needs-reason', field: 'reason' }));
    const refused = given(...filed()).when({
      kind: 'decide',
      decision: 'refuse',
      reason: '不属于市局协调范围',
      by: cityOffice,
      now: minutes(25 * 60),
    });
    expect(refused[0]!.data).toMatchObject({ reason: '不属于市局协调范围', late: true });
    expect(() =>
      given(...filed(), ...refused).when({ kind: 'decide', decision: 'approve', by: cityOffice, now: T0 }),
    ).toThrow(expect.objectContaining({ rule: 'guidance.request-answered' }));
    expect(() =>
      given(...filed(), ...refused).when({ kind: 'record-outcome', outcome: '已协调', by: cityOffice }),
    ).toThrow(expect.objectContaining({ rule: 'guidance.request-closed' }));
  });

  it('records the outcome of an approved request, which closes it', () => {
    const approved = given(...filed()).when({ kind: 'decide', decision: 'approve', by: cityOffice, now: T0 });
    expect(() =>
      given(...filed()).when({ kind: 'record-outcome', outcome: '已协调', by: cityOffice }),
    ).toThrow(expect.objectContaining({ rule: 'guidance.request-not-approved' }));
    const outcome = given(...filed(), ...approved).when({
      kind: 'record-outcome',
      outcome: '市局已协调县住建局落实',
      by: cityOffice,
    });
    expect(outcome[0]!.type).toBe('guidance.WrittenRequestOutcomeRecorded');
    expect(() =>
      given(...filed(), ...approved, ...outcome).when({
        kind: 'record-outcome',
        outcome: '再次',
        by: cityOffice,
      }),
    ).toThrow(expect.objectContaining({ rule: 'guidance.request-closed' }));
  });

  it('is 404 when there is no such request', () => {
    expect(() => given().when({ kind: 'decide', decision: 'approve', by: cityOffice, now: T0 })).toThrow(
      NotFoundError,
    );
  });
});

describe('the deadline of an unanswered request', () => {
  it('reminds once its time came, then records it overdue once', () => {
    const history = filed('press-conference');
    expect(given(...history).when({ kind: 'fire-due', now: minutes(179) })).toEqual([]);
    const reminder = given(...history).when({ kind: 'fire-due', now: minutes(181) });
    expect(reminder).toEqual([
      WrittenRequestReminderDue.create({
        requestId: REQUEST,
        kind: 'press-conference',
        dueAt: minutes(240),
        minutesRemaining: 59,
      }),
    ]);
    expect(given(...history, ...reminder).when({ kind: 'fire-due', now: minutes(200) })).toEqual([]);
    const overdue = given(...history, ...reminder).when({ kind: 'fire-due', now: minutes(240) });
    expect(overdue).toEqual([
      WrittenRequestOverdue.create({
        requestId: REQUEST,
        kind: 'press-conference',
        dueAt: minutes(240),
        ruleSetVersion: 'written-requests@1',
      }),
    ]);
    expect(given(...history, ...reminder, ...overdue).when({ kind: 'fire-due', now: minutes(300) })).toEqual(
      [],
    );
  });

  it('gives no reminder after the deadline (a watcher that was down records only the overdue)', () => {
    const events = given(...filed('press-conference')).when({ kind: 'fire-due', now: minutes(500) });
    expect(events.map((e) => e.type)).toEqual(['guidance.WrittenRequestOverdue']);
  });

  it('asks nothing once the request is answered', () => {
    const history = filed();
    const approved = given(...history).when({ kind: 'decide', decision: 'approve', by: cityOffice, now: T0 });
    expect(given(...history, ...approved).when({ kind: 'fire-due', now: minutes(5000) })).toEqual([]);
  });
});
