import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import request from 'supertest';
import { generateSigningKey, TokenSigner, TokenVerifier, type Grant } from '@yuqing/auth';
import { PostgresEventStore, ProjectionRunner } from '@yuqing/event-store';
import { createHttpApp } from '@yuqing/service-kit';
import { createLogger } from '@yuqing/telemetry';
import { AdjustableClock, testServiceConfig, uniqueName } from '@yuqing/testing';
import { guidanceConfigSchema } from '../guidance.config';
import { GuidanceModule } from '../guidance.module';
import { projections } from '../read-models';
import { GuidanceDeadlineWatcher } from './deadline-watcher';

// Written requests (第十七、十八、十九、二十三、二十四、二十七条) and online guidance (第二十二条) as their users
// call them, on real PostgreSQL and Kafka, with the deadline watcher ticked on an adjustable clock.
const schema = uniqueName('guid_req');
const issuer = 'https://issuer.test';
const MINUTE = 60_000;
const clock = new AdjustableClock();
let app: INestApplication;
let signer: TokenSigner;
let watcher: GuidanceDeadlineWatcher;

// The units: a county bureau files; the city bureau's internet office, the publicity department and the
// supervising bureau answer.
const FILER = 'cn.yn.km.yl.jtj';
const CITY_OFFICE = 'cn.yn.km.wxb';
const PUBLICITY = 'cn.yn.km.xcb';
const SUPERVISING_BUREAU = 'cn.yn.km.glj';

interface Who {
  readonly subject: string;
  readonly role: Grant['role'];
  readonly orgUnit: string;
}
const filer: Who = { subject: 'jtj-admin', role: 'opinion-admin', orgUnit: FILER };
const cityOffice: Who = { subject: 'km-wxb', role: 'internet-office', orgUnit: 'cn.yn.km' };
const publicity: Who = { subject: 'km-xcb', role: 'publicity-department', orgUnit: 'cn.yn.km' };
const bureauLeader: Who = { subject: 'glj-leader', role: 'principal-leader', orgUnit: SUPERVISING_BUREAU };
const countyPublicity: Who = { subject: 'yl-xcb', role: 'publicity-department', orgUnit: 'cn.yn.km.yl' };
const commentatorA: Who = { subject: 'commentator-a', role: 'online-commentator', orgUnit: 'cn.yn.km.yl' };
const commentatorB: Who = { subject: 'commentator-b', role: 'online-commentator', orgUnit: 'cn.yn.km.yl' };
const reader: Who = { subject: 'yl-monitor', role: 'monitor', orgUnit: 'cn.yn.km.yl' };

async function token(who: Who): Promise<string> {
  return signer.sign({
    subject: who.subject,
    kind: 'user',
    grants: [{ grantId: uniqueName('g'), role: who.role, orgUnit: who.orgUnit }],
    scopes: [],
  });
}

async function post(who: Who, path: string, body: unknown) {
  return request(app.getHttpServer())
    .post(`/api/guidance${path}`)
    .set('authorization', `Bearer ${await token(who)}`)
    .send(body as object);
}

async function get(who: Who, path: string) {
  return request(app.getHttpServer())
    .get(`/api/guidance${path}`)
    .set('authorization', `Bearer ${await token(who)}`);
}

/** Ticks the watcher until a round finds nothing due. */
async function drain(): Promise<void> {
  while ((await watcher.tick()) > 0);
}

async function eventTypes(who: Who, path: string): Promise<string[]> {
  const history = await get(who, `${path}/history`);
  expect(history.status).toBe(200);
  return (history.body.events as { type: string }[]).map((e) => e.type);
}

beforeAll(async () => {
  const key = await generateSigningKey();
  signer = new TokenSigner({ key, issuer, audience: 'yuqing' });
  const base = testServiceConfig();
  const config = guidanceConfigSchema.parse({
    DATABASE_URL: base.DATABASE_URL,
    KAFKA_BROKERS: base.KAFKA_BROKERS.join(','),
    GUIDANCE_SCHEMA: schema,
    CONSUMER_GROUP_PREFIX: schema,
    CONSUME_FROM: new Date().toISOString(),
    AUTH_ISSUER: issuer,
    // The test moves the clock and ticks the watcher itself.
    GUIDANCE_DEADLINE_WATCHER: 'off',
  });
  const logger = createLogger({ service: 'guidance', level: 'silent' });
  const verifier = new TokenVerifier({
    issuer,
    audience: 'yuqing',
    keys: { jwks: { keys: [key.publicJwk] } },
  });
  app = await createHttpApp(
    GuidanceModule.register({ serviceName: 'guidance', config, logger, requiredTopics: [] }, config, {
      verifier,
      clock,
    }),
    logger,
    '1mb',
  );
  await app.init();
  watcher = app.get(GuidanceDeadlineWatcher);
}, 60_000);

afterAll(async () => {
  await app?.close();
  const pool = new Pool({ connectionString: testServiceConfig().DATABASE_URL, max: 1 });
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.query(`drop schema if exists ${schema}_auth cascade`);
  await pool.end();
});

describe('written requests', () => {
  const kinds = [
    {
      kind: 'city-coordination',
      approverUnit: CITY_OFFICE,
      approver: cityOffice,
      outcome: '市局已协调县住建局落实整改',
    },
    {
      kind: 'outside-media-coverage',
      approverUnit: CITY_OFFICE,
      approver: cityOffice,
      outcome: '已协调省外2家媒体采访',
    },
    {
      kind: 'joint-media-campaign',
      approverUnit: CITY_OFFICE,
      approver: cityOffice,
      outcome: '报纸、网站、微博同步刊发',
    },
    {
      kind: 'press-conference',
      approverUnit: PUBLICITY,
      approver: publicity,
      outcome: '新闻发布会已召开，省级媒体3家参加',
    },
    {
      kind: 'level-2-consultation',
      approverUnit: SUPERVISING_BUREAU,
      approver: bureauLeader,
      outcome: '市公路局复函：同意按二级舆情处置方案处置',
    },
  ] as const;

  it('runs each kind to an outcome: filed with its document, approved by the addressed unit, closed by the outcome', async () => {
    for (const { kind, approverUnit, approver, outcome } of kinds) {
      const filed = await post(filer, '/requests', {
        orgUnit: FILER,
        kind,
        approverUnit,
        incidentId: 'incident-lmtx',
        subject: `路面塌陷事件 ${kind}`,
        body: '11月20日上午，某路段发生路面塌陷。\n特此请求。',
      });
      expect(filed.status).toBe(201);
      const { requestId } = filed.body as { requestId: string };
      expect(filed.body).toEqual({ requestId, version: 1, dueAt: expect.any(String) });

      const approved = await post(approver, `/requests/${requestId}/decisions`, { decision: 'approve' });
      expect({ kind, status: approved.status }).toEqual({ kind, status: 201 });
      const recorded = await post(approver, `/requests/${requestId}/outcomes`, { outcome });
      expect({ kind, status: recorded.status }).toEqual({ kind, status: 201 });

      const one = await get(filer, `/requests/${requestId}`);
      expect(one.body).toMatchObject({
        kind,
        status: 'closed',
        outcome,
        approverUnit,
        decidedBy: approver.subject,
      });
      expect(one.body.document).toContain('路面塌陷事件');
      // The addressed unit reads what was addressed to it.
      expect((await get(approver, `/requests/${requestId}`)).status).toBe(200);
      expect(await eventTypes(filer, `/requests/${requestId}`)).toEqual([
        'guidance.WrittenRequestFiled',
        'guidance.WrittenRequestApproved',
        'guidance.WrittenRequestOutcomeRecorded',
      ]);
    }
    const conferences = await get(filer, '/requests?kind=press-conference&status=closed');
    expect(conferences.body.requests).toEqual([expect.objectContaining({ kind: 'press-conference' })]);
    expect((await get(reader, '/requests?status=closed')).body.requests).toHaveLength(kinds.length);
    expect((await get(reader, '/requests?status=bogus')).status).toBe(400);
  });

  it('is answered only by the addressed unit in the role its kind names (403, nothing appended), a refusal with a reason', async () => {
    const coordination = await post(filer, '/requests', {
      orgUnit: FILER,
      kind: 'city-coordination',
      approverUnit: CITY_OFFICE,
      subject: '请求协调',
      body: '请市局协调。',
    });
    const id = coordination.body.requestId as string;
    // A county's publicity department is not the city bureau.
    expect((await post(countyPublicity, `/requests/${id}/decisions`, { decision: 'approve' })).status).toBe(
      403,
    );
    expect(await post(cityOffice, `/requests/${id}/decisions`, { decision: 'refuse' })).toMatchObject({
      status: 422,
      body: { rule: 'guidance.refusal-needs-reason', field: 'reason' },
    });
    const refused = await post(cityOffice, `/requests/${id}/decisions`, {
      decision: 'refuse',
      reason: '不属于市局协调范围，请县级自行处理',
    });
    expect(refused.status).toBe(201);
    expect((await get(filer, `/requests/${id}`)).body).toMatchObject({
      status: 'refused',
      decisionNote: '不属于市局协调范围，请县级自行处理',
    });

    const conference = await post(filer, '/requests', {
      orgUnit: FILER,
      kind: 'press-conference',
      approverUnit: PUBLICITY,
      subject: '新闻发布会',
      body: '拟召开新闻发布会。',
    });
    const conferenceId = conference.body.requestId as string;
    // The city office's scope covers the publicity department's unit, but a press conference is theirs to approve.
    expect(
      await post(cityOffice, `/requests/${conferenceId}/decisions`, { decision: 'approve' }),
    ).toMatchObject({
      status: 403,
      body: { rule: 'guidance.request-approver-role' },
    });
    expect(await eventTypes(filer, `/requests/${conferenceId}`)).toEqual(['guidance.WrittenRequestFiled']);

    expect(
      await post(filer, '/requests', {
        orgUnit: FILER,
        kind: 'level-2-consultation',
        approverUnit: SUPERVISING_BUREAU,
        subject: '征求意见',
        body: '请提出处置意见。',
      }),
    ).toMatchObject({ status: 422, body: { rule: 'guidance.request-needs-incident', field: 'incidentId' } });
    expect((await post(reader, '/requests', { orgUnit: FILER })).status).toBe(403);
    expect((await post(filer, '/requests', { orgUnit: FILER, kind: 'x' })).status).toBe(400);
    expect((await get(reader, '/requests/no-such-request')).status).toBe(404);
  });

  it('reminds the addressed unit of a request left unanswered, then records it overdue, once each', async () => {
    const filed = await post(filer, '/requests', {
      orgUnit: FILER,
      kind: 'press-conference',
      approverUnit: PUBLICITY,
      subject: '无人答复的请示',
      body: '拟召开新闻发布会，请予指导。',
    });
    const id = filed.body.requestId as string;
    await drain();
    expect(await eventTypes(filer, `/requests/${id}`)).toEqual(['guidance.WrittenRequestFiled']);

    // PT4H to answer, reminded 1 hour before.
    clock.advance(181 * MINUTE);
    await drain();
    expect((await get(filer, `/requests/${id}`)).body).toMatchObject({
      status: 'pending',
      remindedAt: expect.any(String),
      overdueAt: null,
    });
    clock.advance(60 * MINUTE);
    await drain();
    await drain();
    expect(await eventTypes(filer, `/requests/${id}`)).toEqual([
      'guidance.WrittenRequestFiled',
      'guidance.WrittenRequestReminderDue',
      'guidance.WrittenRequestOverdue',
    ]);
    const overdue = await get(publicity, '/requests?status=overdue');
    expect(overdue.body.requests.map((r: { requestId: string }) => r.requestId)).toContain(id);

    // Answered late: recorded so; nothing more comes due.
    expect((await post(publicity, `/requests/${id}/decisions`, { decision: 'approve' })).status).toBe(201);
    expect((await get(filer, `/requests/${id}`)).body).toMatchObject({
      status: 'approved',
      answeredLate: true,
    });
    clock.advance(24 * 60 * MINUTE);
    await drain();
    expect(await eventTypes(filer, `/requests/${id}`)).toHaveLength(4);
  });
});

describe('online guidance', () => {
  it('tasks the named commentators on approval; one reports back, the other goes overdue; nobody else reports', async () => {
    const proposed = await post(filer, '/online-guidance', {
      orgUnit: FILER,
      incidentId: 'incident-lmtx',
      incidentLevel: 'level-2',
      approverUnit: CITY_OFFICE,
      wording: '以县政府官方通报为准，塌陷路段正在抢修，不传谣、不信谣。',
      platforms: ['本地论坛', '微博'],
    });
    expect(proposed.status).toBe(201);
    const proposalId = proposed.body.proposalId as string;

    // The city-wide deployment is for 一级 only; only the city office decides.
    expect(
      await post(cityOffice, `/online-guidance/${proposalId}/decisions`, {
        decision: 'approve',
        deployment: 'city-wide',
        commentators: [{ userId: commentatorA.subject, orgUnit: commentatorA.orgUnit }],
      }),
    ).toMatchObject({ status: 422, body: { rule: 'guidance.city-wide-needs-level-1', field: 'deployment' } });
    const countyOffice: Who = { subject: 'yl-wxb', role: 'internet-office', orgUnit: 'cn.yn.km.yl' };
    expect(
      (await post(countyOffice, `/online-guidance/${proposalId}/decisions`, { decision: 'approve' })).status,
    ).toBe(403);

    const approved = await post(cityOffice, `/online-guidance/${proposalId}/decisions`, {
      decision: 'approve',
      commentators: [
        { userId: commentatorA.subject, orgUnit: commentatorA.orgUnit },
        { userId: commentatorB.subject, orgUnit: commentatorB.orgUnit },
      ],
      instructions: '18时前在本地论坛跟帖引导并反馈链接。',
    });
    expect(approved.status).toBe(201);
    const tasks = approved.body.tasks as { taskId: string; commentatorId: string }[];
    const taskA = tasks.find((t) => t.commentatorId === commentatorA.subject)!.taskId;
    const taskB = tasks.find((t) => t.commentatorId === commentatorB.subject)!.taskId;

    const mine = await get(commentatorA, '/my-guidance-tasks?open=true');
    expect(mine.body.tasks).toEqual([
      expect.objectContaining({
        taskId: taskA,
        wording: expect.stringContaining('官方通报'),
        status: 'assigned',
      }),
    ]);

    const report = {
      posts: [{ url: 'https://bbs.example.cn/thread/88#reply-3', platform: '本地论坛' }],
      summary: '跟帖2条',
    };
    // Commentator B holds the permission over A's unit, but the task is A's.
    expect(
      await post(commentatorB, `/online-guidance/${proposalId}/tasks/${taskA}/reports`, report),
    ).toMatchObject({
      status: 403,
      body: { rule: 'guidance.not-your-task' },
    });
    expect(
      (await post(commentatorA, `/online-guidance/${proposalId}/tasks/${taskA}/acknowledgements`, {})).status,
    ).toBe(201);
    expect(
      (await post(commentatorA, `/online-guidance/${proposalId}/tasks/${taskA}/reports`, report)).status,
    ).toBe(201);
    expect((await get(commentatorA, '/my-guidance-tasks?open=true')).body.tasks).toEqual([]);

    // 二级: PT4H to report back. B's task goes overdue; A's, reported, does not.
    clock.advance(241 * MINUTE);
    await drain();
    const one = await get(filer, `/online-guidance/${proposalId}`);
    expect(one.body).toMatchObject({ status: 'approved', deployment: 'unit' });
    expect(one.body.tasks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ taskId: taskA, status: 'reported', overdueAt: null, posts: report.posts }),
        expect.objectContaining({ taskId: taskB, status: 'assigned', overdueAt: expect.any(String) }),
      ]),
    );
    const types = await eventTypes(filer, `/online-guidance/${proposalId}`);
    expect(types.filter((t) => t === 'guidance.GuidanceTaskOverdue')).toHaveLength(1);
  });

  it('records a 一级 deployment of the city’s commentators as city-wide', async () => {
    const proposed = await post(filer, '/online-guidance', {
      orgUnit: FILER,
      incidentLevel: 'level-1',
      approverUnit: CITY_OFFICE,
      wording: '统一口径，以市政府新闻办发布为准。',
    });
    const proposalId = proposed.body.proposalId as string;
    const shilin: Who = { subject: 'sl-commentator', role: 'online-commentator', orgUnit: 'cn.yn.km.sl' };
    const approved = await post(cityOffice, `/online-guidance/${proposalId}/decisions`, {
      decision: 'approve',
      deployment: 'city-wide',
      commentators: [commentatorA, shilin].map((c) => ({ userId: c.subject, orgUnit: c.orgUnit })),
    });
    expect(approved.status).toBe(201);
    expect((await get(cityOffice, `/online-guidance/${proposalId}`)).body).toMatchObject({
      deployment: 'city-wide',
      tasks: [expect.anything(), expect.anything()],
    });
    // A commentator of another county gets the task too.
    expect((await get(shilin, '/my-guidance-tasks')).body.tasks).toHaveLength(1);
  });
});

describe('the deadline watcher', () => {
  it('gives each reminder and each overdue once when two instances claim the schedule at once', async () => {
    const config = testServiceConfig();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const filed = await post(filer, '/requests', {
        orgUnit: FILER,
        kind: 'press-conference',
        approverUnit: PUBLICITY,
        subject: `并发 ${i}`,
        body: '拟召开新闻发布会。',
      });
      ids.push(filed.body.requestId as string);
    }
    const pools = [1, 2].map(() => new Pool({ connectionString: config.DATABASE_URL, max: 3 }));
    try {
      const watchers = pools.map(
        (pool, i) =>
          new GuidanceDeadlineWatcher({
            store: new PostgresEventStore({ pool, schema, projections: projections(schema) }),
            clock,
            instanceId: `watcher-${i}`,
            batchSize: 5,
          }),
      );
      const drainBoth = () =>
        Promise.all(
          watchers.map(async (w) => {
            while ((await w.tick()) > 0);
          }),
        );
      clock.advance(200 * MINUTE); // past the reminders, before the deadlines
      await drainBoth();
      clock.advance(60 * MINUTE); // past the deadlines
      await drainBoth();
      for (const id of ids)
        expect(await eventTypes(filer, `/requests/${id}`)).toEqual([
          'guidance.WrittenRequestFiled',
          'guidance.WrittenRequestReminderDue',
          'guidance.WrittenRequestOverdue',
        ]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});

it('keeps the requests and online guidance read models equal to a rebuild from the events', async () => {
  const report = await app
    .get(ProjectionRunner)
    .verify(['guidance.written-requests', 'guidance.online-guidance']);
  expect({ verified: report.verified, differences: report.differences }).toEqual({
    verified: ['guidance.written-requests', 'guidance.online-guidance'],
    differences: [],
  });
});
