import type { INestApplication } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import request from 'supertest';
import { generateSigningKey, TokenSigner, TokenVerifier, type Grant } from '@yuqing/auth';
import type { ReleaseApprover } from '@yuqing/contracts';
import { ProjectionRunner, uuidv7 } from '@yuqing/event-store';
import { createKafka, ensureTopics } from '@yuqing/messaging';
import { ConsumerHost, createHttpApp } from '@yuqing/service-kit';
import { createLogger } from '@yuqing/telemetry';
import { eventually, testServiceConfig, uniqueName } from '@yuqing/testing';
import { guidanceConfigSchema } from './guidance.config';
import { GuidanceModule } from './guidance.module';
import { guidanceTopics } from './guidance.service';
import { ResponsePlansHandler } from './open-response-plans/open-response-plans.handler';
import { fromGrading } from './testing/grading-events';
import { publishGrading } from './testing/publish-grading';

// Guidance as its users call it: real PostgreSQL and Kafka, real tokens. An incident's response opens with grading's
// handling plan (三同步); its wording (口径) is drafted in versions and approved; releases cite one approved version
// and are approved by the role the grade requires (第二十一条), then published.
const schema = uniqueName('guidance');
const issuer = 'https://issuer.test';
const COUNTY = `cn.yn.km.t${schema.slice(-8)}`;
const DEPT = `${COUNTY}.jtj`;
const CITY_DEPT = `cn.yn.km.j${schema.slice(-8)}`;
const OTHER_COUNTY = `cn.yn.km.o${schema.slice(-8)}`;
type Level = 'level-1' | 'level-2' | 'level-3';
let app: INestApplication;
let signer: TokenSigner;
let kafka: Kafka;

async function token(role: Grant['role'], orgUnit: string, subject = `${role}-1`): Promise<string> {
  return signer.sign({
    subject,
    kind: 'user',
    grants: [{ grantId: uniqueName('g'), role, orgUnit }],
    scopes: [],
  });
}

interface Caller {
  readonly role: Grant['role'];
  readonly orgUnit: string;
  readonly subject?: string;
}
const admin: Caller = { role: 'opinion-admin', orgUnit: DEPT };
const spokesperson: Caller = { role: 'spokesperson', orgUnit: COUNTY };
const office: Caller = { role: 'leading-group-office', orgUnit: COUNTY };
const publicity: Caller = { role: 'publicity-department', orgUnit: COUNTY };
const cityDept: Caller = { role: 'spokesperson', orgUnit: CITY_DEPT };
const elsewhere: Caller = { role: 'spokesperson', orgUnit: OTHER_COUNTY };

async function post(path: string, body: unknown, as: Caller = admin) {
  return request(app.getHttpServer())
    .post(`/api/guidance${path}`)
    .set('authorization', `Bearer ${await token(as.role, as.orgUnit, as.subject)}`)
    .send(body as object);
}

async function get(path: string, as: Caller = { role: 'monitor', orgUnit: COUNTY }) {
  return request(app.getHttpServer())
    .get(`/api/guidance${path}`)
    .set('authorization', `Bearer ${await token(as.role, as.orgUnit, as.subject)}`);
}

const historyOf = async (incidentId: string): Promise<string[]> =>
  (
    (await get(`/responses/${incidentId}/history`, { role: 'auditor', orgUnit: COUNTY })).body.events as {
      type: string;
    }[]
  ).map((e) => e.type);

/** Grading's decisions on a new incident, delivered on the consumer's own path (contract, inbox, transaction). */
async function graded(
  level: Level,
  plan: { releaseApprover: ReleaseApprover; releaseApproverOrgUnitId?: string },
  team?: { leaderUserId: string; memberUserIds: string[] },
): Promise<string> {
  const incidentId = uuidv7();
  const consumer = app.get(ConsumerHost);
  const events = [
    fromGrading(
      'grading.GradeConfirmed',
      { incidentId, proposalId: uuidv7(), grade: { level, exceptional: false } },
      DEPT,
    ),
    ...(team
      ? [
          fromGrading(
            'grading.SpecialTeamFormed',
            { teamId: uuidv7(), incidentId, name: '路面塌陷处置专班', memberOrgUnitIds: [DEPT], ...team },
            DEPT,
          ),
        ]
      : []),
    fromGrading(
      'grading.HandlingPlanAdopted',
      {
        planId: uuidv7(),
        incidentId,
        summary: '封闭路段，抢修，统一发布。',
        measures: [{ description: '封闭路段并抢修。', responsibleOrgUnitId: DEPT }],
        ...plan,
      },
      DEPT,
    ),
  ];
  for (const event of events) expect(await consumer.deliver(ResponsePlansHandler, event)).toBe(true);
  return incidentId;
}

const FIGURES = [
  { name: '受损车辆', value: 2, unit: '辆' },
  { name: '伤亡人员', value: 0, unit: '人' },
];
const wording = (over: Record<string, unknown> = {}) => ({
  facts: [
    {
      statement: '11月25日上午，城区某路段发生路面塌陷。',
      source: { kind: 'verification', eventId: uuidv7() },
    },
  ],
  figures: FIGURES,
  text: '县交通运输局已封闭路段并组织抢修，受损车辆2辆，无人员伤亡，原因正在调查。',
  outlet: { name: '宜良县交通运输局', channel: '宜良交通 政务微博', orgUnitId: DEPT },
  statesCause: false,
  characterises: false,
  ...over,
});
const release = (wordingId: string, wordingVersion: number, over: Record<string, unknown> = {}) => ({
  kind: 'weibo-post',
  channel: '宜良交通 政务微博',
  wordingId,
  wordingVersion,
  text: '【情况通报】塌陷路段已封闭抢修，受损车辆2辆，无人员伤亡。',
  figures: FIGURES,
  ...over,
});

/** An approved wording (by `approver`) and a release prepared from it. */
async function preparedRelease(
  incidentId: string,
  approver: Caller,
): Promise<{ wordingId: string; releaseId: string }> {
  const drafted = await post(`/responses/${incidentId}/wordings`, wording());
  expect(drafted.status).toBe(201);
  const { wordingId } = drafted.body as { wordingId: string };
  const approved = await post(
    `/responses/${incidentId}/wordings/${wordingId}/decisions`,
    { version: 1, decision: 'approve' },
    approver,
  );
  expect(approved.status).toBe(201);
  const prepared = await post(`/responses/${incidentId}/releases`, release(wordingId, 1));
  expect(prepared.status).toBe(201);
  return { wordingId, releaseId: (prepared.body as { releaseId: string }).releaseId };
}

const approve = (incidentId: string, releaseId: string, as: Caller) =>
  post(`/responses/${incidentId}/releases/${releaseId}/decisions`, { decision: 'approve' }, as);

beforeAll(async () => {
  const key = await generateSigningKey();
  signer = new TokenSigner({ key, issuer, audience: 'yuqing' });
  const base = testServiceConfig();
  const config = guidanceConfigSchema.parse({
    DATABASE_URL: base.DATABASE_URL,
    KAFKA_BROKERS: base.KAFKA_BROKERS.join(','),
    GUIDANCE_SCHEMA: schema,
    CONSUMER_GROUP_PREFIX: schema,
    CONSUME_FROM: new Date(Date.now() - 5_000).toISOString(),
    AUTH_ISSUER: issuer,
  });
  kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${schema}-test` });
  await ensureTopics(kafka, guidanceTopics);
  const logger = createLogger({ service: 'guidance', level: 'silent' });
  const verifier = new TokenVerifier({
    issuer,
    audience: 'yuqing',
    keys: { jwks: { keys: [key.publicJwk] } },
  });
  app = await createHttpApp(
    GuidanceModule.register({ serviceName: 'guidance', config, logger, requiredTopics: [] }, config, {
      verifier,
    }),
    logger,
    '1mb',
  );
  await app.init();
}, 60_000);

afterAll(async () => {
  // The app first: its relay and consumers stop before their tables go.
  await app?.close();
  const pool = new Pool({ connectionString: testServiceConfig().DATABASE_URL, max: 1 });
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.query(`drop schema if exists ${schema}_auth cascade`);
  await pool.end();
});

describe('releases are approved by the role the grade requires (第二十一条)', () => {
  it('一级: a spokesperson is 403 and appends nothing; the special team’s leader and the publicity department approve', async () => {
    const leader: Caller = { role: 'special-team-member', orgUnit: `${DEPT}.zb`, subject: uuidv7() };
    const incidentId = await graded(
      'level-1',
      { releaseApprover: 'special-team' },
      {
        leaderUserId: leader.subject!,
        memberUserIds: [uuidv7()],
      },
    );
    const { releaseId } = await preparedRelease(incidentId, publicity);
    const before = await historyOf(incidentId);

    const refused = await approve(incidentId, releaseId, spokesperson);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ rule: 'guidance.approver-not-permitted' });
    expect((await approve(incidentId, releaseId, { ...leader, subject: uuidv7() })).status).toBe(403);
    expect(await historyOf(incidentId)).toEqual(before);

    expect((await approve(incidentId, releaseId, leader)).status).toBe(201);
    const second = await post(
      `/responses/${incidentId}/releases`,
      release((await get(`/responses/${incidentId}`)).body.wordings[0].wordingId, 1),
    );
    expect((await approve(incidentId, second.body.releaseId, publicity)).status).toBe(201);
    const response = (await get(`/responses/${incidentId}`)).body;
    expect(response.requiredApprovers).toEqual(['special-team', 'propaganda-department']);
    expect(
      response.releases.map((r: { status: string; decidedAs: string }) => [r.status, r.decidedAs]),
    ).toEqual([
      ['approved', 'special-team'],
      ['approved', 'propaganda-department'],
    ]);
  });

  it('二级: the publicity department is 403; the leading group’s office approves', async () => {
    const incidentId = await graded('level-2', { releaseApprover: 'leading-group-office' });
    const { releaseId } = await preparedRelease(incidentId, office);
    const before = await historyOf(incidentId);
    expect((await approve(incidentId, releaseId, publicity)).status).toBe(403);
    expect((await approve(incidentId, releaseId, spokesperson)).status).toBe(403);
    expect(await historyOf(incidentId)).toEqual(before);
    expect((await approve(incidentId, releaseId, office)).status).toBe(201);
  });

  it('三级: the leading-group office and another county’s spokesperson are 403; the supervising leader approves, or the city bureau department the plan names', async () => {
    const incidentId = await graded('level-3', { releaseApprover: 'department-supervising-leader' });
    const { releaseId } = await preparedRelease(incidentId, spokesperson);
    const before = await historyOf(incidentId);
    expect((await approve(incidentId, releaseId, office)).status).toBe(403);
    expect((await approve(incidentId, releaseId, elsewhere)).status).toBe(403);
    expect((await approve(incidentId, releaseId, cityDept)).status).toBe(403);
    expect(await historyOf(incidentId)).toEqual(before);
    expect((await approve(incidentId, releaseId, spokesperson)).status).toBe(201);

    const consulted = await graded('level-3', {
      releaseApprover: 'city-bureau-department',
      releaseApproverOrgUnitId: CITY_DEPT,
    });
    const viaCity = await preparedRelease(consulted, cityDept);
    const approved = await approve(consulted, viaCity.releaseId, cityDept);
    expect(approved.status).toBe(201);
    expect((await get(`/releases?incidentId=${consulted}`)).body.releases).toEqual([
      expect.objectContaining({ status: 'approved', decidedAs: 'city-bureau-department', orgUnit: DEPT }),
    ]);
  });

  it('publishes only an approved release, with its address and time; a refusal is recorded with its reason', async () => {
    const incidentId = await graded('level-3', { releaseApprover: 'department-supervising-leader' });
    const { releaseId } = await preparedRelease(incidentId, spokesperson);
    const publication = {
      url: 'https://weibo.com/yljt/5012345678901234',
      publishedAt: new Date().toISOString(),
    };
    const early = await post(`/responses/${incidentId}/releases/${releaseId}/publications`, publication);
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ rule: 'guidance.release-not-approved' });
    // The refusal is recorded (第二十八条), with who tried and the address given.
    expect((await historyOf(incidentId)).at(-1)).toBe('guidance.ReleasePublicationRefused');
    expect((await get(`/releases?incidentId=${incidentId}`)).body.releases).toEqual([
      expect.objectContaining({ releaseId, status: 'prepared', publicationRefusals: 1 }),
    ]);
    await approve(incidentId, releaseId, spokesperson);
    expect(
      (await post(`/responses/${incidentId}/releases/${releaseId}/publications`, publication)).status,
    ).toBe(201);
    expect((await get(`/releases?incidentId=${incidentId}&status=published`)).body.releases).toEqual([
      expect.objectContaining({ releaseId, url: publication.url, kind: 'weibo-post' }),
    ]);

    const other = await post(
      `/responses/${incidentId}/releases`,
      release((await get(`/responses/${incidentId}`)).body.wordings[0].wordingId, 1, { kind: 'forum-reply' }),
    );
    const refused = await post(
      `/responses/${incidentId}/releases/${other.body.releaseId}/decisions`,
      { decision: 'refuse', reason: '表述需与县政府网站一致。' },
      spokesperson,
    );
    expect(refused.status).toBe(201);
    expect((await get(`/releases?incidentId=${incidentId}&status=refused`)).body.releases).toEqual([
      expect.objectContaining({ refusalReason: '表述需与县政府网站一致。', kind: 'forum-reply' }),
    ]);
  });
});

describe('one set of facts and figures (统一口径、统一数据)', () => {
  it('refuses a release citing a superseded version, or figures that differ from the approved version, naming the field', async () => {
    const incidentId = await graded('level-3', { releaseApprover: 'department-supervising-leader' });
    const { wordingId } = await preparedRelease(incidentId, spokesperson);
    const revised = await post(
      `/responses/${incidentId}/wordings`,
      wording({ wordingId, text: '修订：抢修预计今晚完成。' }),
    );
    expect(revised.body).toMatchObject({ wordingId, version: 2 });

    const superseded = await post(`/responses/${incidentId}/releases`, release(wordingId, 1));
    expect(superseded.status).toBe(422);
    expect(superseded.body).toMatchObject({ rule: 'guidance.wording-superseded', field: 'wordingVersion' });
    const unapproved = await post(`/responses/${incidentId}/releases`, release(wordingId, 2));
    expect(unapproved.body).toMatchObject({ status: 422, rule: 'guidance.wording-not-approved' });
    expect(
      (
        await post(
          `/responses/${incidentId}/wordings/${wordingId}/decisions`,
          { version: 1, decision: 'approve' },
          spokesperson,
        )
      ).body,
    ).toMatchObject({ status: 422, field: 'version' });

    expect(
      (
        await post(
          `/responses/${incidentId}/wordings/${wordingId}/decisions`,
          { version: 2, decision: 'approve' },
          spokesperson,
        )
      ).status,
    ).toBe(201);
    const changed = [FIGURES[0], { ...FIGURES[1], value: 1 }];
    const differs = await post(
      `/responses/${incidentId}/releases`,
      release(wordingId, 2, { figures: changed }),
    );
    expect(differs.status).toBe(422);
    expect(differs.body).toMatchObject({ rule: 'guidance.figures-differ', field: 'figures.1.value' });
    expect((await post(`/responses/${incidentId}/releases`, release(wordingId, 2))).status).toBe(201);

    const versions = (await get(`/responses/${incidentId}`)).body.wordings;
    expect(versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, 'approved'],
      [2, 'approved'],
    ]);
  });

  it('approves a version stating a cause only with explicit assent (慎报原因、谨慎定性), and a progress explanation says why', async () => {
    const incidentId = await graded('level-3', { releaseApprover: 'department-supervising-leader' });
    const drafted = await post(`/responses/${incidentId}/wordings`, wording({ statesCause: true }));
    const path = `/responses/${incidentId}/wordings/${drafted.body.wordingId}/decisions`;
    const bare = await post(path, { version: 1, decision: 'approve' }, spokesperson);
    expect(bare.body).toMatchObject({ status: 422, field: 'assentToCause' });
    expect(
      (await post(path, { version: 1, decision: 'approve', assentToCause: true }, spokesperson)).status,
    ).toBe(201);

    const noWhy = await post(
      `/responses/${incidentId}/releases`,
      release(drafted.body.wordingId, 1, { kind: 'progress-explanation' }),
    );
    expect(noWhy.body).toMatchObject({ status: 422, field: 'whyNotYetResolved' });
    const explained = await post(
      `/responses/${incidentId}/releases`,
      release(drafted.body.wordingId, 1, {
        kind: 'progress-explanation',
        whyNotYetResolved: '需市政部门协调管网改造，预计两周。',
      }),
    );
    expect(explained.status).toBe(201);
  });
});

describe('三同步 through Kafka', () => {
  it('opens the response plan within a second of HandlingPlanAdopted, with the approver the grade requires; an escalation to 一级 changes the approver of waiting releases', async () => {
    // The consumer group joins first: a grade of another incident has come through.
    const warmUp = uuidv7();
    await publishGrading(kafka, [
      {
        type: 'grading.GradeConfirmed',
        orgUnit: DEPT,
        data: { incidentId: warmUp, proposalId: uuidv7(), grade: { level: 'level-3', exceptional: false } },
      },
    ]);
    await eventually('the consumer to join', async () =>
      (await get(`/responses/${warmUp}`)).status === 200 ? true : undefined,
    );

    const incidentId = uuidv7();
    const [gradeEventId] = await publishGrading(kafka, [
      {
        type: 'grading.GradeConfirmed',
        orgUnit: DEPT,
        data: { incidentId, proposalId: uuidv7(), grade: { level: 'level-3', exceptional: false } },
      },
    ]);
    await eventually('the grade', async () =>
      (await get(`/responses/${incidentId}`)).status === 200 ? true : undefined,
    );
    const [planEventId] = await publishGrading(kafka, [
      {
        type: 'grading.HandlingPlanAdopted',
        orgUnit: DEPT,
        data: {
          planId: uuidv7(),
          incidentId,
          summary: '部门直办，限期答复。',
          measures: [{ description: '核实并答复。', responsibleOrgUnitId: DEPT }],
          releaseApprover: 'department-supervising-leader',
        },
      },
    ]);
    const published = Date.now();
    const plan = await eventually(
      'the response plan',
      async () => {
        const response = await get(`/responses/${incidentId}`);
        return response.body.planOpenedAt ? response.body : undefined;
      },
      5_000,
    );
    expect(Date.now() - published).toBeLessThan(1_000);
    expect(plan).toMatchObject({
      incidentId,
      orgUnit: DEPT,
      level: 'level-3',
      openedBy: 'handling-plan',
      releaseApprover: 'department-supervising-leader',
      requiredApprovers: ['department-supervising-leader'],
      drafter: { orgUnitId: DEPT, roles: ['spokesperson', 'opinion-admin'] },
      gaps: [],
    });
    expect(Date.parse(plan.firstResponseDueAt as string)).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect(gradeEventId).toBeDefined();
    expect(planEventId).toBeDefined();

    const { releaseId } = await preparedRelease(incidentId, spokesperson);
    await publishGrading(kafka, [
      {
        type: 'grading.GradeEscalated',
        orgUnit: DEPT,
        data: {
          incidentId,
          from: { level: 'level-3', exceptional: false },
          to: { level: 'level-1', exceptional: false },
          trigger: 'heat-rose',
          reason: '央媒转载，热度急升。',
          evidence: [{ kind: 'event', id: uuidv7() }],
        },
      },
    ]);
    const waiting = await eventually('the new approver', async () => {
      const [row] = (await get(`/releases?incidentId=${incidentId}`)).body.releases as {
        requiredApprovers: string[];
      }[];
      return row?.requiredApprovers.includes('propaganda-department') ? row : undefined;
    });
    expect(waiting.requiredApprovers).toEqual(['propaganda-department']);
    const history = (await get(`/responses/${incidentId}/history`, { role: 'auditor', orgUnit: COUNTY })).body
      .events as { type: string; data: Record<string, unknown> }[];
    expect(history.find((e) => e.type === 'guidance.ReleaseApprovalRequirementChanged')?.data).toMatchObject({
      releaseIds: [releaseId],
      from: { level: 'level-3', approvers: ['department-supervising-leader'] },
      to: { level: 'level-1', approvers: ['propaganda-department'] },
    });
    expect((await approve(incidentId, releaseId, spokesperson)).status).toBe(403);
    expect((await approve(incidentId, releaseId, publicity)).status).toBe(201);
  }, 60_000);

  it('records a plan whose release arrangement does not fit the grade as a gap; a redelivered plan opens nothing twice', async () => {
    const incidentId = await graded('level-1', { releaseApprover: 'department-supervising-leader' });
    const response = (await get(`/responses/${incidentId}`)).body;
    expect(response.gaps).toEqual([
      expect.objectContaining({
        gap: 'approver-does-not-fit-grade',
        level: 'level-1',
        releaseApprover: 'department-supervising-leader',
      }),
    ]);
    expect((await get(`/response-gaps?incidentId=${incidentId}`)).body.gaps).toHaveLength(1);

    const before = await historyOf(incidentId);
    const consumer = app.get(ConsumerHost);
    const again = fromGrading(
      'grading.HandlingPlanAdopted',
      {
        planId: uuidv7(),
        incidentId,
        summary: '补充方案。',
        measures: [{ description: '专班统一发布。', responsibleOrgUnitId: DEPT }],
        releaseApprover: 'propaganda-department',
      },
      DEPT,
    );
    expect(await consumer.deliver(ResponsePlansHandler, again)).toBe(true);
    expect(await consumer.deliver(ResponsePlansHandler, again)).toBe(false);
    expect((await historyOf(incidentId)).slice(before.length)).toEqual(['guidance.ReleaseAuthorityGranted']);
    expect(before.filter((t) => t === 'guidance.ResponsePlanOpened')).toHaveLength(1);
  });

  it('lets the office arrange a response by hand where no plan arrived, in the incident’s own unit only', async () => {
    const incidentId = uuidv7();
    const arranger: Caller = { role: 'opinion-admin', orgUnit: COUNTY };
    const body = { orgUnit: DEPT, drafterRoles: ['spokesperson'], channels: ['县政府网站'] };
    expect((await post(`/responses/${incidentId}/arrangements`, body, arranger)).status).toBe(201);
    expect((await get(`/responses/${incidentId}`)).body).toMatchObject({
      openedBy: 'arrangement',
      channels: ['县政府网站'],
    });
    expect(
      (await post(`/responses/${incidentId}/arrangements`, { ...body, channels: ['宜良发布'] }, arranger))
        .status,
    ).toBe(201);
    expect((await get(`/responses/${incidentId}`)).body.channels).toEqual(['宜良发布']);
    const wrongUnit = await post(
      `/responses/${incidentId}/arrangements`,
      { ...body, orgUnit: COUNTY },
      arranger,
    );
    expect(wrongUnit.body).toMatchObject({ status: 422, field: 'orgUnit' });
    expect(
      (await post(`/responses/${incidentId}/arrangements`, body, { role: 'monitor', orgUnit: COUNTY }))
        .status,
    ).toBe(403);
    expect((await get(`/responses`)).body.responses.length).toBeGreaterThan(0);
  });
});

describe('read models', () => {
  it('rebuilds the responses read model from the events equal to the live one', async () => {
    const report = await app.get(ProjectionRunner).verify(['guidance.responses']);
    expect({ verified: report.verified, differences: report.differences }).toEqual({
      verified: ['guidance.responses'],
      differences: [],
    });
  });
});
