import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import request from 'supertest';
import { generateSigningKey, TokenSigner, TokenVerifier, type Grant } from '@yuqing/auth';
import { ProjectionRunner, uuidv7 } from '@yuqing/event-store';
import { ConsumerHost, createHttpApp } from '@yuqing/service-kit';
import { createLogger } from '@yuqing/telemetry';
import { AdjustableClock, testServiceConfig, uniqueName } from '@yuqing/testing';
import { guidanceConfigSchema } from '../guidance.config';
import { GuidanceModule } from '../guidance.module';
import { ResponsePlansHandler } from '../open-response-plans/open-response-plans.handler';
import { fromGrading, gradedWithPlan } from '../testing/grading-events';
import { GuidanceDeadlineWatcher } from './deadline-watcher';

// The first public response (速报事实) as the office lives it, on real PostgreSQL and Kafka: the plan opened with the
// handling plan carries its deadline (guidance-rules@1: 三级 24 hours), the watcher reminds a quarter of the window
// before and records the overdue when no release was published; publishing one settles it. Also: only the drafter
// roles the plan names draft its wording (三同步).
const schema = uniqueName('guid_first');
const issuer = 'https://issuer.test';
const UNIT = `cn.yn.km.f${schema.slice(-8)}`;
const HOUR = 3_600_000;
const clock = new AdjustableClock();
let app: INestApplication;
let signer: TokenSigner;
let watcher: GuidanceDeadlineWatcher;

interface Caller {
  readonly role: Grant['role'];
  readonly orgUnit: string;
}
const admin: Caller = { role: 'opinion-admin', orgUnit: UNIT };
const spokesperson: Caller = { role: 'spokesperson', orgUnit: UNIT };
const auditor: Caller = { role: 'auditor', orgUnit: UNIT };

async function call(method: 'get' | 'post', path: string, as: Caller, body?: unknown) {
  const token = await signer.sign({
    subject: `${as.role}-1`,
    kind: 'user',
    grants: [{ grantId: uniqueName('g'), role: as.role, orgUnit: as.orgUnit }],
    scopes: [],
  });
  const req = request(app.getHttpServer())
    [method](`/api/guidance${path}`)
    .set('authorization', `Bearer ${token}`);
  return body === undefined ? req : req.send(body as object);
}

const history = async (incidentId: string): Promise<string[]> =>
  ((await call('get', `/responses/${incidentId}/history`, auditor)).body.events as { type: string }[]).map(
    (e) => e.type,
  );
const firstResponseEvents = async (incidentId: string) =>
  (await history(incidentId)).filter((t) => t.startsWith('guidance.FirstResponse'));

/** Ticks the watcher until a round finds nothing due. */
async function drain(): Promise<void> {
  while ((await watcher.tick()) > 0);
}

/** A 三级 incident whose handling plan opened its response plan, through the consumer's own path. */
async function planned(): Promise<string> {
  const incidentId = uuidv7();
  const consumer = app.get(ConsumerHost);
  for (const event of gradedWithPlan(incidentId, UNIT))
    expect(await consumer.deliver(ResponsePlansHandler, event)).toBe(true);
  return incidentId;
}

const FIGURES = [{ name: '受理诉求', value: 1, unit: '件' }];
const WORDING = {
  facts: [{ statement: '网民反映的路灯损坏情况属实。', source: { kind: 'verification', eventId: uuidv7() } }],
  figures: FIGURES,
  text: '已安排维修，三日内修复。',
  outlet: { name: '县住建局', channel: '县政府网站' },
  statesCause: false,
  characterises: false,
};

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

// Each test starts from the real time: the plans' deadlines count from grading's event times.
beforeEach(() => clock.set(new Date()));

afterAll(async () => {
  await app?.close();
  const pool = new Pool({ connectionString: testServiceConfig().DATABASE_URL, max: 1 });
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.query(`drop schema if exists ${schema}_auth cascade`);
  await pool.end();
});

describe('the first-response deadline', () => {
  it('reminds once when a quarter of the window is left and records the overdue once when no release was published', async () => {
    const incidentId = await planned();
    const plan = (await call('get', `/responses/${incidentId}`, auditor)).body as Record<string, unknown>;
    const dueAt = Date.parse(plan['firstResponseDueAt'] as string);
    expect(dueAt).toBeGreaterThan(Date.now() + 23 * HOUR);
    expect(Date.parse(plan['firstResponseRemindAt'] as string)).toBe(dueAt - 6 * HOUR);
    expect(plan['firstResponse']).toBe('pending');

    clock.advance(17 * HOUR);
    await drain();
    expect(await firstResponseEvents(incidentId)).toEqual([]);
    clock.advance(2 * HOUR);
    await drain();
    await drain();
    expect(await firstResponseEvents(incidentId)).toEqual(['guidance.FirstResponseReminderDue']);
    clock.advance(6 * HOUR);
    await drain();
    clock.advance(6 * HOUR);
    await drain();
    expect(await firstResponseEvents(incidentId)).toEqual([
      'guidance.FirstResponseReminderDue',
      'guidance.FirstResponseOverdue',
    ]);
    const overdue = (await call('get', `/responses/${incidentId}/history`, auditor)).body.events as {
      type: string;
      data: Record<string, unknown>;
    }[];
    expect(overdue.find((e) => e.type === 'guidance.FirstResponseOverdue')?.data).toMatchObject({
      incidentId,
      dueAt: new Date(dueAt).toISOString(),
      planId: expect.any(String),
      level: 'level-3',
      ruleSetVersion: 'guidance-rules@1',
    });
    const row = (await call('get', `/responses/${incidentId}`, auditor)).body as Record<string, unknown>;
    expect(row).toMatchObject({ firstResponse: 'overdue', firstResponseAt: null });
    expect(row['firstResponseOverdueAt']).not.toBeNull();
  }, 60_000);

  it('records neither reminder nor overdue for a plan whose release was published in time', async () => {
    const incidentId = await planned();
    const drafted = await call('post', `/responses/${incidentId}/wordings`, admin, WORDING);
    expect(drafted.status).toBe(201);
    const { wordingId } = drafted.body as { wordingId: string };
    const approved = await call(
      'post',
      `/responses/${incidentId}/wordings/${wordingId}/decisions`,
      spokesperson,
      {
        version: 1,
        decision: 'approve',
      },
    );
    expect(approved.status).toBe(201);
    const prepared = await call('post', `/responses/${incidentId}/releases`, admin, {
      kind: 'message-board-reply',
      channel: '县政府网站',
      wordingId,
      wordingVersion: 1,
      text: '您反映的路灯损坏问题已安排维修，三日内修复。',
      figures: FIGURES,
    });
    expect(prepared.status).toBe(201);
    const { releaseId } = prepared.body as { releaseId: string };
    expect(
      (
        await call('post', `/responses/${incidentId}/releases/${releaseId}/decisions`, spokesperson, {
          decision: 'approve',
        })
      ).status,
    ).toBe(201);
    clock.advance(2 * HOUR);
    const publishedAt = clock.now().toISOString();
    const published = await call(
      'post',
      `/responses/${incidentId}/releases/${releaseId}/publications`,
      admin,
      {
        url: `https://www.example.gov.cn/hf/${releaseId}.html`,
        publishedAt,
      },
    );
    expect(published.status).toBe(201);

    clock.advance(30 * HOUR);
    await drain();
    expect(await firstResponseEvents(incidentId)).toEqual([]);
    const row = (await call('get', `/responses/${incidentId}`, auditor)).body as Record<string, unknown>;
    expect(row).toMatchObject({
      firstResponse: 'on-time',
      firstResponseReleaseId: releaseId,
      firstResponseOverdueAt: null,
      firstResponseRemindedAt: null,
    });
    expect(Date.parse(row['firstResponseAt'] as string)).toBe(Date.parse(publishedAt));
  }, 60_000);

  it('an escalation to 一级 brings the deadline forward to one hour from the escalation', async () => {
    const incidentId = await planned();
    const escalation = fromGrading(
      'grading.GradeEscalated',
      {
        incidentId,
        from: { level: 'level-3', exceptional: false },
        to: { level: 'level-1', exceptional: false },
        trigger: 'heat-rose',
        reason: '央媒转载，热度急升。',
        evidence: [{ kind: 'event', id: uuidv7() }],
      },
      UNIT,
    );
    expect(await app.get(ConsumerHost).deliver(ResponsePlansHandler, escalation)).toBe(true);
    const row = (await call('get', `/responses/${incidentId}`, auditor)).body as Record<string, unknown>;
    expect(Date.parse(row['firstResponseDueAt'] as string)).toBe(escalation.time.getTime() + HOUR);
    clock.set(new Date(escalation.time.getTime() + HOUR + 60_000));
    await drain();
    expect(await firstResponseEvents(incidentId)).toEqual([
      'guidance.FirstResponseDeadlineChanged',
      'guidance.FirstResponseOverdue',
    ]);
  }, 60_000);
});

describe('drafting (三同步)', () => {
  it('refuses (403) a drafter whose role the plan does not name, and appends nothing', async () => {
    const incidentId = await planned();
    const arranged = await call('post', `/responses/${incidentId}/arrangements`, admin, {
      orgUnit: UNIT,
      drafterRoles: ['spokesperson'],
      channels: ['县政府网站'],
      reason: '口径由新闻发言人起草。',
    });
    expect(arranged.status).toBe(201);
    const before = await history(incidentId);
    const refused = await call('post', `/responses/${incidentId}/wordings`, admin, WORDING);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ rule: 'guidance.drafter-not-permitted' });
    expect(await history(incidentId)).toEqual(before);
    expect((await call('post', `/responses/${incidentId}/wordings`, spokesperson, WORDING)).status).toBe(201);
  }, 60_000);
});

// Last: after every test above appended its events.
describe('the read model', () => {
  it('rebuilds the responses, first responses included, equal to the live ones', async () => {
    const report = await app.get(ProjectionRunner).verify(['guidance.responses']);
    expect({ verified: report.verified, differences: report.differences }).toEqual({
      verified: ['guidance.responses'],
      differences: [],
    });
  }, 60_000);
});
