import {
  GuidanceTaskAssigned,
  NotPermittedError,
  OnlineGuidanceApproved,
  type NewEvent,
} from '@yuqing/contracts';
import {
  decideOnlineGuidance,
  evolveOnlineGuidance,
  initialOnlineGuidanceState,
  type OnlineGuidanceCommand,
} from './online-guidance.decider';
import { DEFAULT_ONLINE_GUIDANCE_POLICY } from './online-guidance.policy';

const policy = DEFAULT_ONLINE_GUIDANCE_POLICY;
const PROPOSAL = '0193a1b2-0000-7000-8000-0000000000c1';
const T0 = '2026-12-07T02:00:00.000Z';
const minutes = (m: number) => new Date(Date.parse(T0) + m * 60_000).toISOString();
const a = { userId: 'commentator-a', orgUnit: 'cn.yn.km.yl', taskId: 'task-a' };
const b = { userId: 'commentator-b', orgUnit: 'cn.yn.km.yl', taskId: 'task-b' };

function given(...history: NewEvent[]) {
  const state = history.reduce(evolveOnlineGuidance, initialOnlineGuidanceState());
  return { when: (command: OnlineGuidanceCommand) => decideOnlineGuidance(command, state) };
}

const proposed = (level?: 'level-1' | 'level-2') =>
  given().when({
    kind: 'propose',
    proposalId: PROPOSAL,
    orgUnit: 'cn.yn.km.yl.jtj',
    approverUnit: 'cn.yn.km.wxb',
    wording: '以官方通报为准。',
    platforms: ['本地论坛'],
    ...(level ? { incidentLevel: level } : {}),
  });

const approve = (
  over: Partial<Extract<OnlineGuidanceCommand, { kind: 'decide' }>> = {},
): OnlineGuidanceCommand => ({
  kind: 'decide',
  decision: 'approve',
  deployment: 'unit',
  commentators: [a, b],
  byScope: ['cn.yn.km'],
  now: T0,
  policy,
  ...over,
});

describe('deciding online guidance', () => {
  it('on approval tasks each named commentator, due by the policy for the grade', () => {
    const events = given(...proposed('level-2')).when(approve());
    expect(events).toEqual([
      OnlineGuidanceApproved.create({
        proposalId: PROPOSAL,
        approverUnit: 'cn.yn.km.wxb',
        deployment: 'unit',
        ruleSetVersion: 'online-guidance@1',
      }),
      GuidanceTaskAssigned.create({
        proposalId: PROPOSAL,
        taskId: 'task-a',
        commentatorId: 'commentator-a',
        commentatorUnit: 'cn.yn.km.yl',
        dueAt: minutes(240),
      }),
      GuidanceTaskAssigned.create({
        proposalId: PROPOSAL,
        taskId: 'task-b',
        commentatorId: 'commentator-b',
        commentatorUnit: 'cn.yn.km.yl',
        dueAt: minutes(240),
      }),
    ]);
  });

  it('deploys the city’s commentators city-wide only for a 一级 incident, and records it', () => {
    expect(() => given(...proposed('level-2')).when(approve({ deployment: 'city-wide' }))).toThrow(
      expect.objectContaining({ rule: 'guidance.city-wide-needs-level-1', field: 'deployment' }),
    );
    const events = given(...proposed('level-1')).when(approve({ deployment: 'city-wide' }));
    expect(events[0]!.data).toMatchObject({ deployment: 'city-wide' });
    expect(events[1]!.data).toMatchObject({ dueAt: minutes(120) });
  });

  it('is decided only by the office it was proposed to, once, with commentators or a reason', () => {
    expect(() => given(...proposed()).when(approve({ byScope: ['cn.yn.qj'] }))).toThrow(NotPermittedError);
    expect(() => given(...proposed()).when(approve({ commentators: [] }))).toThrow(
      expect.objectContaining({ rule: 'guidance.guidance-needs-commentators' }),
    );
    expect(() => given(...proposed()).when(approve({ commentators: [a, { ...a, taskId: 'x' }] }))).toThrow(
      expect.objectContaining({ rule: 'guidance.commentator-listed-twice' }),
    );
    expect(() => given(...proposed()).when(approve({ decision: 'refuse' }))).toThrow(
      expect.objectContaining({ rule: 'guidance.refusal-needs-reason' }),
    );
    const refused = given(...proposed()).when(approve({ decision: 'refuse', reason: '口径不一致' }));
    expect(refused.map((e) => e.type)).toEqual(['guidance.OnlineGuidanceRefused']);
    expect(() => given(...proposed(), ...refused).when(approve())).toThrow(
      expect.objectContaining({ rule: 'guidance.online-guidance-decided' }),
    );
  });
});

describe('a commentator’s task', () => {
  const approved = () => [...proposed(), ...given(...proposed()).when(approve())];
  const post = [{ url: 'https://bbs.example.cn/t/1', platform: '本地论坛' }];

  it('is acknowledged and reported back by its commentator, which closes it', () => {
    const history = approved();
    const ack = given(...history).when({ kind: 'acknowledge', taskId: 'task-a', by: 'commentator-a' });
    expect(ack.map((e) => e.type)).toEqual(['guidance.GuidanceTaskAcknowledged']);
    expect(
      given(...history, ...ack).when({ kind: 'acknowledge', taskId: 'task-a', by: 'commentator-a' }),
    ).toEqual([]);
    const report = given(...history, ...ack).when({
      kind: 'report',
      taskId: 'task-a',
      by: 'commentator-a',
      posts: post,
      summary: '跟帖2条',
      now: minutes(60),
    });
    expect(report.map((e) => e.type)).toEqual(['guidance.GuidanceTaskReported']);
    expect(report[0]!.data).toMatchObject({ late: false, posts: post });
    expect(() =>
      given(...history, ...ack, ...report).when({
        kind: 'report',
        taskId: 'task-a',
        by: 'commentator-a',
        posts: post,
        summary: '再报',
        now: minutes(61),
      }),
    ).toThrow(expect.objectContaining({ rule: 'guidance.task-reported' }));
  });

  it('is 403 for anyone but its commentator', () => {
    expect(() =>
      given(...approved()).when({ kind: 'acknowledge', taskId: 'task-a', by: 'commentator-b' }),
    ).toThrow(expect.objectContaining({ rule: 'guidance.not-your-task' }));
  });

  it('goes overdue once when not reported back by its due time, and may still be reported late', () => {
    const history = approved();
    const reportA = given(...history).when({
      kind: 'report',
      taskId: 'task-a',
      by: 'commentator-a',
      posts: post,
      summary: '已完成',
      now: minutes(100),
    });
    expect(reportA.map((e) => e.type)).toEqual([
      'guidance.GuidanceTaskAcknowledged',
      'guidance.GuidanceTaskReported',
    ]);
    expect(given(...history, ...reportA).when({ kind: 'fire-due', now: minutes(239) })).toEqual([]);
    const overdue = given(...history, ...reportA).when({ kind: 'fire-due', now: minutes(240) });
    expect(overdue.map((e) => e.data)).toEqual([
      expect.objectContaining({ taskId: 'task-b', commentatorId: 'commentator-b', dueAt: minutes(240) }),
    ]);
    expect(given(...history, ...reportA, ...overdue).when({ kind: 'fire-due', now: minutes(300) })).toEqual(
      [],
    );
    const late = given(...history, ...reportA, ...overdue).when({
      kind: 'report',
      taskId: 'task-b',
      by: 'commentator-b',
      posts: post,
      summary: '补报',
      now: minutes(300),
    });
    expect(late[1]!.data).toMatchObject({ late: true });
  });
});
