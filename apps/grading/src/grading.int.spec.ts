import type { INestApplication } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import request from 'supertest';
import { generateSigningKey, TokenSigner, TokenVerifier, type Grant } from '@yuqing/auth';
import { eventsTopic, gradingStreams, type RecordedEvent } from '@yuqing/contracts';
import { PostgresEventStore, ProjectionRunner, uuidv7 } from '@yuqing/event-store';
import { DEFAULT_GRADING_RULES } from '@yuqing/grading-domain';
import { createKafka, toMessage } from '@yuqing/messaging';
import { ConsumerHost, createHttpApp, PG_POOL, type InboxEvent } from '@yuqing/service-kit';
import { createLogger } from '@yuqing/telemetry';
import { eventually, rewriteBehindTheLog, testServiceConfig, uniqueName } from '@yuqing/testing';
import { gradingConfigSchema } from './grading.config';
import { GradingModule } from './grading.module';
import { FactsHandler } from './propose-grade/facts.handler';
import {
  consumed,
  heatChanged,
  incidentFormed,
  incidentSplit,
  incidentsMerged,
  reportOverdue,
} from './testing/facts';

// The grading service as the grading authority, a monitor and the leading-group office use it: real PostgreSQL and
// Kafka, real tokens; the facts of ingestion and reporting fed to its consumer as they arrive from Kafka.
const schema = uniqueName('grd');
const issuer = 'https://issuer.test';
const unit = `cn.yn.km.t${schema.slice(-8)}`;
let app: INestApplication;
let signer: TokenSigner;
let consumer: ConsumerHost;
let store: PostgresEventStore;
let kafka: Kafka;

const hour = 3_600_000;
const L1 = { level: 'level-1', exceptional: false } as const;
const L2 = { level: 'level-2', exceptional: false } as const;
const L3 = { level: 'level-3', exceptional: false } as const;

async function token(role: Grant['role'], orgUnit = unit): Promise<string> {
  return signer.sign({
    subject: `${role}-1`,
    kind: 'user',
    grants: [{ grantId: uniqueName('g'), role, orgUnit }],
    scopes: [],
  });
}

const events = (incidentId: string): Promise<RecordedEvent[]> =>
  store.readStream(gradingStreams.incident.id(incidentId));

async function feed(...consumed: InboxEvent[]): Promise<void> {
  for (const event of consumed) await consumer.deliver(FactsHandler, event);
}

/** A city-forum complaint (三级), proposed; returns the incident and the open proposal. */
async function complaint(
  title = '小区停水三天无人处理',
): Promise<{ incidentId: string; proposalId: string }> {
  const incidentId = uuidv7();
  await feed(
    ...incidentFormed(unit, incidentId, {
      itemId: uuidv7(),
      reachTier: 'city-site',
      outlet: '昆明论坛',
      title,
    }),
  );
  const proposal = (await events(incidentId)).find((e) => e.type === 'grading.GradeProposed')!;
  return { incidentId, proposalId: (proposal.data as { proposalId: string }).proposalId };
}

async function post(path: string, role: Grant['role'], body: unknown, headers: Record<string, string> = {}) {
  return request(app.getHttpServer())
    .post(`/api/grading/incidents/${path}`)
    .set('authorization', `Bearer ${await token(role)}`)
    .set(headers)
    .send(body as object);
}

beforeAll(async () => {
  const key = await generateSigningKey();
  signer = new TokenSigner({ key, issuer, audience: 'yuqing' });
  const base = testServiceConfig();
  const config = gradingConfigSchema.parse({
    DATABASE_URL: base.DATABASE_URL,
    KAFKA_BROKERS: base.KAFKA_BROKERS.join(','),
    GRADING_SCHEMA: schema,
    CONSUMER_GROUP_PREFIX: schema,
    CONSUME_FROM: new Date().toISOString(),
    AUTH_ISSUER: issuer,
  });
  const logger = createLogger({
    service: 'grading',
    level: process.env.GRADING_TEST_LOG === '1' ? 'info' : 'silent',
  });
  const verifier = new TokenVerifier({
    issuer,
    audience: 'yuqing',
    keys: { jwks: { keys: [key.publicJwk] } },
  });
  app = await createHttpApp(
    GradingModule.register({ serviceName: 'grading', config, logger, requiredTopics: [] }, config, {
      verifier,
    }),
    logger,
    '1mb',
  );
  await app.init();
  consumer = app.get(ConsumerHost);
  store = app.get(PostgresEventStore);
  kafka = createKafka({ brokers: base.KAFKA_BROKERS, clientId: 'grading-int' });
}, 60_000);

afterAll(async () => {
  // The app first: its relay and consumer stop before their tables go.
  const pool = new Pool({ connectionString: testServiceConfig().DATABASE_URL, max: 1 });
  await app.close();
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.query(`drop schema if exists ${schema}_auth cascade`);
  await pool.end();
});

describe('proposing from the facts of ingestion and reporting', () => {
  it('第三条: an item on 昆明市人民政府网 grades 二级 under the default rules, the catalogue naming the city’s main sites', async () => {
    const incidentId = uuidv7();
    const itemId = uuidv7();
    await feed(
      ...incidentFormed(unit, incidentId, {
        itemId,
        reachTier: 'city-site',
        outlet: '昆明市人民政府网',
        platform: 'portal',
        title: '昆明市人民政府网公布宜良县城区供水管网改造进展',
      }),
    );

    const response = await request(app.getHttpServer())
      .get(`/api/grading/incidents/${incidentId}`)
      .set('authorization', `Bearer ${await token('monitor')}`)
      .expect(200);
    expect(response.body.openProposal).toMatchObject({
      grade: L2,
      criteria: ['main-city-site'],
      evidence: [{ kind: 'item', id: itemId }],
      ruleSetVersion: DEFAULT_GRADING_RULES.version,
    });
  });

  it('proposes 三级 for a city-forum complaint, naming the rule version, the criterion and the item', async () => {
    const incidentId = uuidv7();
    const itemId = uuidv7();
    await feed(...incidentFormed(unit, incidentId, { itemId, reachTier: 'city-site', outlet: '昆明论坛' }));

    const response = await request(app.getHttpServer())
      .get(`/api/grading/incidents/${incidentId}`)
      .set('authorization', `Bearer ${await token('monitor')}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      incidentId,
      orgUnit: unit,
      grade: null,
      openProposal: {
        grade: L3,
        criteria: ['ordinary-complaint'],
        evidence: [{ kind: 'item', id: itemId }],
        ruleSetVersion: DEFAULT_GRADING_RULES.version,
      },
      evidence: { items: [{ itemId, outlet: '昆明论坛', reachTier: 'city-site' }] },
    });
  });

  it('records a capture that arrives after its incident, and changes nothing when Kafka delivers again', async () => {
    const incidentId = uuidv7();
    const [captured, detected] = incidentFormed(unit, incidentId, {
      itemId: uuidv7(),
      reachTier: 'provincial-portal',
      outlet: '云南网',
    });
    await feed(detected!, captured!);
    const first = await events(incidentId);
    expect(first.map((e) => e.type)).toEqual([
      'grading.FactReceived',
      'grading.FactReceived',
      'grading.GradeProposed',
    ]);
    expect(first[2]!.data).toMatchObject({ grade: L2, criteria: ['provincial-portal'] });

    await feed(captured!, detected!);
    expect(await events(incidentId)).toHaveLength(3);
  });

  it('takes the facts from the ingestion topic itself', async () => {
    const incidentId = uuidv7();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const published = incidentFormed(unit, incidentId, {
      itemId: uuidv7(),
      reachTier: 'city-site',
      outlet: '昆明论坛',
    });
    await producer.send({
      topic: eventsTopic('ingestion'),
      messages: published.map((e) =>
        toMessage(
          { ...e, globalPosition: '1', transactionId: '1', recordedAt: e.time } as RecordedEvent,
          e.source,
        ),
      ),
    });
    await producer.disconnect();
    await eventually('the proposal from Kafka', async () =>
      (await events(incidentId)).some((e) => e.type === 'grading.GradeProposed') ? true : undefined,
    );
  });
});

describe('the grading authority’s decisions (第四条)', () => {
  it('refuses a confirmation by any other role with 403 and appends nothing', async () => {
    const { incidentId, proposalId } = await complaint();
    const before = await events(incidentId);
    for (const role of ['monitor', 'opinion-admin', 'principal-leader', 'internet-office'] as const) {
      const response = await post(`${incidentId}/grade-confirmations`, role, { proposalId, grade: L3 });
      expect({ role, status: response.status }).toEqual({ role, status: 403 });
    }
    expect(await events(incidentId)).toEqual(before);
  });

  it('confirms the proposal once; a retry with the same Idempotency-Key gets the same answer', async () => {
    const { incidentId, proposalId } = await complaint();
    const headers = { 'idempotency-key': `confirm-${incidentId}` };
    const first = await post(
      `${incidentId}/grade-confirmations`,
      'grading-authority',
      { proposalId, grade: L3 },
      headers,
    );
    expect(first.status).toBe(201);
    expect(first.body.events).toEqual([{ eventId: expect.any(String), type: 'grading.GradeConfirmed' }]);
    const again = await post(
      `${incidentId}/grade-confirmations`,
      'grading-authority',
      { proposalId, grade: L3 },
      headers,
    );
    expect(again.body).toEqual(first.body);
    const other = await post(`${incidentId}/grade-confirmations`, 'grading-authority', {
      proposalId,
      grade: L3,
    });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ rule: 'grading.no-open-proposal' });
    const confirmed = (await events(incidentId)).find((e) => e.type === 'grading.GradeConfirmed')!;
    expect(confirmed.metadata).toMatchObject({
      actor: { id: 'grading-authority-1', role: 'grading-authority' },
    });
  });

  it('runs two concurrent confirmations with one Idempotency-Key once; another caller’s key is its own', async () => {
    const { incidentId, proposalId } = await complaint();
    const headers = { 'idempotency-key': `both-${incidentId}` };
    const body = { proposalId, grade: L3 };
    const answers = await Promise.all([
      post(`${incidentId}/grade-confirmations`, 'grading-authority', body, headers),
      post(`${incidentId}/grade-confirmations`, 'grading-authority', body, headers),
    ]);
    const confirmed = (await events(incidentId)).filter((e) => e.type === 'grading.GradeConfirmed');
    expect(confirmed).toHaveLength(1);
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const answer of created) expect(answer.body).toEqual(created[0]!.body);
    for (const answer of answers.filter((a) => a.status !== 201)) {
      expect(answer.status).toBe(409);
      expect(answer.headers['retry-after']).toBe('1');
      expect(answer.body.rule).toBe('grading.idempotency-in-progress');
    }
    // The same key from another caller is another request: it runs, and finds the proposal answered.
    const other = await request(app.getHttpServer())
      .post(`/api/grading/incidents/${incidentId}/grade-confirmations`)
      .set(
        'authorization',
        `Bearer ${await signer.sign({
          subject: 'another-authority',
          kind: 'user',
          grants: [{ grantId: uniqueName('g'), role: 'grading-authority', orgUnit: unit }],
          scopes: [],
        })}`,
      )
      .set(headers)
      .send(body);
    expect(other.status).toBe(422);
    expect(other.body.rule).toBe('grading.no-open-proposal');
    const reused = await post(
      `${incidentId}/grade-confirmations`,
      'grading-authority',
      { ...body, note: '改' },
      headers,
    );
    expect(reused.status).toBe(422);
    expect(reused.body.rule).toBe('grading.idempotency-key-reused');
  });

  it('answers 400 with field paths, 409 on a stale If-Match, 422 with the rule', async () => {
    const { incidentId, proposalId } = await complaint();
    const invalid = await post(`${incidentId}/grade-overrides`, 'grading-authority', {
      proposalId,
      grade: { level: 'level-9', exceptional: false },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'grade.level',
      'reason',
    ]);
    const stale = await post(
      `${incidentId}/grade-confirmations`,
      'grading-authority',
      { proposalId, grade: L3 },
      {
        'if-match': '"1"',
      },
    );
    expect(stale.status).toBe(409);
    const same = await post(`${incidentId}/grade-overrides`, 'grading-authority', {
      proposalId,
      grade: L3,
      reason: '同',
    });
    expect(same.status).toBe(422);
    expect(same.body.rule).toBe('grading.override-same-as-proposal');
  });

  it('proposes 二级 for a confirmed 三级 whose handling deadline passed and whose heat rose since, citing both', async () => {
    const { incidentId, proposalId } = await complaint('公路养护站乱收费');
    const now = Date.now();
    await feed(heatChanged(unit, incidentId, 20, 0, new Date(now - 2 * hour)));
    await post(`${incidentId}/grade-confirmations`, 'grading-authority', { proposalId, grade: L3 });
    const overdue = reportOverdue(unit, incidentId, 'handling-result', new Date(now - hour));
    const rise = heatChanged(unit, incidentId, 32, 20, new Date(now));
    await feed(overdue, rise);

    const proposals = (await events(incidentId)).filter((e) => e.type === 'grading.GradeProposed');
    expect(proposals).toHaveLength(2);
    expect(proposals[1]!.data).toMatchObject({ grade: L2, criteria: ['grew-from-level-3'] });
    expect((proposals[1]!.data as { evidence: unknown[] }).evidence).toEqual(
      expect.arrayContaining([
        { kind: 'event', id: overdue.eventId },
        { kind: 'event', id: rise.eventId },
      ]),
    );
    expect(proposals[1]!.metadata.causationId).toBe(rise.eventId);

    // The authority may also escalate by hand on poor handling, naming the missed deadline; downgrade with a reason.
    const escalated = await post(`${incidentId}/escalations`, 'grading-authority', {
      to: L2,
      trigger: 'grew-through-poor-handling',
      reason: '直办时限已过，热度上升',
      causes: [{ kind: 'event', id: overdue.eventId }],
    });
    expect(escalated.status).toBe(201);
    const downgraded = await post(`${incidentId}/downgrades`, 'grading-authority', {
      to: L3,
      reason: '诉求已解决，热度回落',
      causes: [],
    });
    expect(downgraded.status).toBe(201);
    const history = await request(app.getHttpServer())
      .get(`/api/grading/incidents/${incidentId}`)
      .set('authorization', `Bearer ${await token('auditor')}`);
    expect(history.body.grade).toEqual(L3);
    expect(history.body.gradeBy).toBe('downgraded');
    expect(history.body.history.map((d: { type: string }) => d.type)).toEqual([
      'grading.GradeProposed',
      'grading.GradeConfirmed',
      'grading.GradeProposed',
      'grading.GradeEscalated',
      'grading.GradeDowngraded',
    ]);
  });

  it('categorises, judges genuineness and holds an assessment in the form the level requires', async () => {
    const { incidentId, proposalId } = await complaint();
    expect(
      (
        await post(`${incidentId}/categorisations`, 'monitor', {
          categories: ['livelihood', 'custom:water-supply'],
        })
      ).status,
    ).toBe(201);
    const judged = await post(`${incidentId}/genuineness-judgements`, 'opinion-admin', {
      verdict: 'genuine',
      basis: '经现场核实，停水属实。',
      evidence: [],
    });
    expect(judged.status).toBe(201);
    // 研判 is held 迅速 (篇一二(三)): on the open proposal, before the grade is confirmed, and recorded as such.
    const convened = await post(`${incidentId}/assessments`, 'leading-group-office', {
      participantOrgUnitIds: [],
      scheduledFor: new Date().toISOString(),
    });
    expect(convened.status).toBe(201);
    await post(`${incidentId}/grade-confirmations`, 'grading-authority', { proposalId, grade: L3 });
    const team = await post(`${incidentId}/special-teams`, 'leading-group-office', {
      name: '专班',
      leaderUserId: 'u1',
      memberUserIds: [],
      memberOrgUnitIds: [],
    });
    expect(team.body.rule).toBe('grading.special-team-needs-level-1');
    const row = (await events(incidentId)).find((e) => e.type === 'grading.AssessmentConvened')!;
    expect(row.data).toMatchObject({
      assessmentId: convened.body.created.assessmentId,
      format: 'office-notice',
      gradeBasis: 'proposed',
      proposalId,
    });
  });
});

describe('following a monitor’s merges and splits (合并, 拆分)', () => {
  const typesOf = async (incidentId: string) => (await events(incidentId)).map((e) => e.type);
  const read = async (incidentId: string) =>
    request(app.getHttpServer())
      .get(`/api/grading/incidents/${incidentId}`)
      .set('authorization', `Bearer ${await token('monitor')}`);

  it('grades the survivor on every item, notes the merged incident’s 一级 and proposes it; the merged one is closed', async () => {
    // given a 三级 complaint in force, and another the authority set at 一级 although its item alone gives 三级
    const survivor = await complaint('城区路面塌陷无人管');
    expect(
      (
        await post(`${survivor.incidentId}/grade-confirmations`, 'grading-authority', {
          proposalId: survivor.proposalId,
          grade: L3,
        })
      ).status,
    ).toBe(201);
    const merged = await complaint('塌陷路段车辆受损');
    expect(
      (
        await post(`${merged.incidentId}/grade-overrides`, 'grading-authority', {
          proposalId: merged.proposalId,
          grade: L1,
          reason: '涉及人员伤亡风险，定级机关决定按一级处置。',
        })
      ).status,
    ).toBe(201);
    const mergedItem = (await read(merged.incidentId)).body.items[0].itemId as string;
    const overridden = (await events(merged.incidentId)).find((e) => e.type === 'grading.GradeOverridden')!;

    // when a monitor merges the second into the first (both of ingestion's events, in either order)
    const merge = incidentsMerged(unit, survivor.incidentId, merged.incidentId, [mergedItem]);
    await feed(merge.mergedInto, merge.merged);

    // then the survivor has the merged item's capture, the merged 一级 noted (caused by the merge), and a 一级 proposal
    const after = await events(survivor.incidentId);
    const noted = after.find((e) => e.type === 'grading.MergedIncidentGradeNoted')!;
    expect(noted.data).toEqual({
      incidentId: survivor.incidentId,
      mergedIncidentId: merged.incidentId,
      grade: L1,
      gradedBy: 'overridden',
      gradeEventId: overridden.eventId,
    });
    expect([merge.merged.eventId, merge.mergedInto.eventId]).toContain(noted.metadata.causationId);
    const survivorView = await read(survivor.incidentId);
    expect(survivorView.body).toMatchObject({
      grade: L3,
      openProposal: {
        grade: L1,
        criteria: ['merged-incident'],
        evidence: [{ kind: 'event', id: noted.eventId }],
      },
    });
    expect(survivorView.body.items.map((i: { itemId: string }) => i.itemId)).toContain(mergedItem);
    expect(survivorView.body.history.map((d: { type: string }) => d.type)).toContain(
      'grading.MergedIncidentGradeNoted',
    );

    // and the merged incident is closed: nothing awaits the authority, its decisions are refused
    const mergedView = await read(merged.incidentId);
    expect(mergedView.body).toMatchObject({ mergedInto: survivor.incidentId, openProposal: null, grade: L1 });
    const refused = await post(`${merged.incidentId}/categorisations`, 'opinion-admin', {
      categories: ['livelihood'],
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ rule: 'grading.incident-merged' });

    // and Kafka delivering the merge again changes nothing
    const before = [await typesOf(survivor.incidentId), await typesOf(merged.incidentId)];
    await feed(merge.merged, merge.mergedInto);
    expect([await typesOf(survivor.incidentId), await typesOf(merged.incidentId)]).toEqual(before);
  });

  it('grades an incident split off another on its own items, and puts the rest’s lower grade to the authority', async () => {
    // given a 一级 incident in force on a 人民网 item, with a city-forum complaint attached to it
    const incidentId = uuidv7();
    const central = uuidv7();
    const forum = uuidv7();
    await feed(
      ...incidentFormed(unit, incidentId, { itemId: central, reachTier: 'central-media', outlet: '人民网' }),
    );
    const [forumCaptured] = incidentFormed(unit, incidentId, {
      itemId: forum,
      reachTier: 'city-site',
      outlet: '昆明论坛',
    });
    await feed(
      forumCaptured!,
      consumed(
        'ingestion.ItemAttachedToIncident',
        { itemId: forum, incidentId, relation: 'related' },
        { orgUnit: unit, streamId: `ingestion-incident-${incidentId}` },
      ),
    );
    const proposal = (await read(incidentId)).body.openProposal as { proposalId: string; grade: unknown };
    expect(proposal.grade).toEqual(L1);
    expect(
      (
        await post(`${incidentId}/grade-confirmations`, 'grading-authority', {
          proposalId: proposal.proposalId,
          grade: L1,
        })
      ).status,
    ).toBe(201);

    // when a monitor splits the 人民网 item off into a new incident (the new one's detection first)
    const newIncidentId = uuidv7();
    const split = incidentSplit(unit, incidentId, newIncidentId, [central]);
    await feed(split.detected, split.split);

    // then the new incident is proposed 一级 on that item alone
    const fresh = await read(newIncidentId);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({
      splitFromIncidentId: incidentId,
      openProposal: { grade: L1, criteria: ['central-media'], evidence: [{ kind: 'item', id: central }] },
    });
    expect(fresh.body.items.map((i: { itemId: string }) => i.itemId)).toEqual([central]);

    // and the original keeps its 一级 in force, with 三级 on what remains put to the authority
    const original = await read(incidentId);
    expect(original.body).toMatchObject({
      grade: L1,
      openProposal: { grade: L3, criteria: ['ordinary-complaint'] },
    });
    expect(original.body.items.map((i: { itemId: string }) => i.itemId)).toEqual([forum]);
  });
});

describe('rule sets, what-if and replay', () => {
  it('lists exactly the incidents a stricter draft would grade differently, appending nothing', async () => {
    // given a 二级 by the provincial portal, a 二级 by heat alone (62 ≥ 60; neutral, not rising fast) and a 三级
    // complaint, in a unit of their own
    const whatIfUnit = `${unit}.w`;
    const portal = uuidv7();
    const hot = uuidv7();
    const plain = uuidv7();
    await feed(
      ...incidentFormed(whatIfUnit, portal, {
        itemId: uuidv7(),
        reachTier: 'provincial-portal',
        outlet: '云南网',
      }),
    );
    await feed(
      ...incidentFormed(whatIfUnit, hot, {
        itemId: uuidv7(),
        reachTier: 'city-site',
        outlet: '昆明论坛',
        polarity: 'neutral',
      }),
    );
    await feed(heatChanged(whatIfUnit, hot, 62, 55));
    await feed(
      ...incidentFormed(whatIfUnit, plain, { itemId: uuidv7(), reachTier: 'city-site', outlet: '昆明论坛' }),
    );
    const before = await Promise.all([portal, hot, plain].map(events));

    // when a draft raises the heat threshold of 二级 from 60 to 70
    const draft = {
      ...DEFAULT_GRADING_RULES,
      version: 'grading-rules@2026-06-draft.1',
      heat: DEFAULT_GRADING_RULES.heat.map((rule) => (rule.minHeat === 60 ? { ...rule, minHeat: 70 } : rule)),
    };
    const response = await request(app.getHttpServer())
      .post('/api/grading/what-if')
      .set('authorization', `Bearer ${await token('grading-authority')}`)
      .send({
        orgUnit: whatIfUnit,
        ruleSet: draft,
        period: {
          from: new Date(Date.now() - hour).toISOString(),
          to: new Date(Date.now() + hour).toISOString(),
        },
      });

    // then only the incident graded by heat alone changes
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      examined: 3,
      draftRuleSetVersion: 'grading-rules@2026-06-draft.1',
    });
    expect(response.body.changes).toEqual([
      expect.objectContaining({
        incidentId: hot,
        current: expect.objectContaining({ grade: L2 }),
        wouldBe: expect.objectContaining({ grade: L3 }),
      }),
    ]);
    expect(await Promise.all([portal, hot, plain].map(events))).toEqual(before);

    const badDraft = await request(app.getHttpServer())
      .post('/api/grading/what-if')
      .set('authorization', `Bearer ${await token('grading-authority')}`)
      .send({ orgUnit: whatIfUnit, ruleSet: { ...draft, heat: [{ level: 'level-2' }] }, incidentId: hot });
    expect(badDraft.status).toBe(400);
    expect(badDraft.body.errors[0].path).toMatch(/^ruleSet\.heat\[0\]\./);
    const monitor = await request(app.getHttpServer())
      .post('/api/grading/what-if')
      .set('authorization', `Bearer ${await token('monitor')}`)
      .send({ orgUnit: whatIfUnit, ruleSet: draft, incidentId: hot });
    expect(monitor.status).toBe(403);
  });

  it('rebuilds identical read models from the grading streams replayed from zero', async () => {
    const pool = app.get<Pool>(PG_POOL);
    // The schema is this file's alone, so these are all its incidents.
    const mine = `(select incident_id from ${schema}.incidents)`;
    const snapshot = async () =>
      Promise.all(
        [
          `incidents where incident_id in ${mine} order by incident_id`,
          `items where incident_id in ${mine} order by item_id`,
          // A moved item's capture is a fact of each incident it was recorded in.
          `facts where incident_id in ${mine} order by event_id, incident_id`,
          `decisions where incident_id in ${mine} order by event_id`,
        ].map(async (query) => (await pool.query(`select * from ${schema}.${query}`)).rows),
      );
    const before = await snapshot();
    expect(before[0]!.length).toBeGreaterThan(5);
    await app.get(ProjectionRunner).rebuild(undefined, { pageSize: 7 });
    expect(await snapshot()).toEqual(before);
  });

  it('shows the rule set a version names', async () => {
    const response = await request(app.getHttpServer())
      .get(`/api/grading/rule-sets/${encodeURIComponent(DEFAULT_GRADING_RULES.version)}`)
      .set('authorization', `Bearer ${await token('monitor')}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      inForce: true,
      content: { version: DEFAULT_GRADING_RULES.version },
    });
  });
});

describe('verifying an incident’s record (审计校验)', () => {
  it('shows the auditor an intact chain, then names the first event altered behind the service’s back', async () => {
    const { incidentId } = await complaint();
    const chain = async (role: Grant['role']) =>
      request(app.getHttpServer())
        .get(`/api/grading/incidents/${incidentId}/chain`)
        .set('authorization', `Bearer ${await token(role)}`);
    const intact = await chain('auditor');
    expect(intact.status).toBe(200);
    expect(intact.body).toMatchObject({
      streamId: gradingStreams.incident.id(incidentId),
      ok: true,
      events: (await events(incidentId)).length,
    });

    // Someone with the owner's rights switches the append-only triggers off and edits the second event in place.
    await rewriteBehindTheLog(
      app.get<Pool>(PG_POOL),
      schema,
      [
        `update ${schema}.events set data = data || '{"criteria": []}' where stream_id = $1 and stream_position = 2`,
      ],
      [gradingStreams.incident.id(incidentId)],
    );
    const broken = await chain('auditor');
    expect(broken.status).toBe(200);
    expect(broken.body).toMatchObject({ ok: false, firstBreak: { position: 2 } });

    expect((await chain('monitor')).status).toBe(403);
    const unknown = await request(app.getHttpServer())
      .get(`/api/grading/incidents/${uuidv7()}/chain`)
      .set('authorization', `Bearer ${await token('auditor')}`);
    expect(unknown.status).toBe(404);
  });
});
