import type { INestApplication } from '@nestjs/common';
import type { Consumer, Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import request from 'supertest';
import { generateSigningKey, TokenSigner, TokenVerifier, type Grant } from '@yuqing/auth';
import { eventsTopic, IncidentHeatChanged, platformTopics, type RecordedEvent } from '@yuqing/contracts';
import { PostgresEventStore, ProjectionRunner } from '@yuqing/event-store';
import {
  createKafka,
  ensureTopics,
  fromMessage,
  headersToStrings,
  type ConsumedEvent,
} from '@yuqing/messaging';
import { createHttpApp, PG_POOL } from '@yuqing/service-kit';
import { createLogger } from '@yuqing/telemetry';
import { eventually, testServiceConfig, uniqueName } from '@yuqing/testing';
import { ingestionConfigSchema } from '../ingestion.config';
import { IngestionModule } from '../ingestion.module';

// Monitors correct clustering (改归 / 合并 / 拆分) through the API: real PostgreSQL and Kafka, real tokens. Every
// correction writes both incidents' streams in one transaction, re-measures their heat, and the read model (live
// or rebuilt from zero) follows.
const schema = uniqueName('corr');
const issuer = 'https://issuer.test';
const YILIANG = 'cn.yn.km.yl';
const SHILIN = 'cn.yn.km.sl';
const CITY = 'cn.yn.km';
const topic = eventsTopic('ingestion');
let app: INestApplication;
let signer: TokenSigner;
let store: PostgresEventStore;
let pool: Pool;
let kafka: Kafka;
let consumer: Consumer | undefined;

async function token(
  role: Grant['role'],
  orgUnit = YILIANG,
  subject = `${role}-${orgUnit}`,
): Promise<string> {
  return signer.sign({
    subject,
    kind: 'user',
    grants: [{ grantId: uniqueName('g'), role, orgUnit }],
    scopes: [],
  });
}

const api = () => request(app.getHttpServer());

/** Distinct stories of 宜良县, in towns and words that clustering keeps apart. */
const stories = {
  road: {
    title: '匡远街道一路段突发路面塌陷 货车后轮陷入坑中',
    text: '今天上午，匡远街道某路段突发路面塌陷，一辆满载建材的货车后轮陷入坑中，坑深约两米。交警已到场封路，施工方正在排查地下管网。',
  },
  water: {
    title: '狗街镇多个村庄停水三天 村民用水靠拉运',
    text: '狗街镇多个村庄已连续停水三天，村民只能到几公里外拉水，自来水公司称主管道爆裂正在抢修，具体恢复时间未定。',
  },
  canteen: {
    title: '北古城镇中学食堂饭菜质量差 家长联名投诉',
    text: '北古城镇一所中学的学生家长反映，学校食堂饭菜分量少、质量差，价格却连续上涨，多名家长联名向教育局投诉。',
  },
  market: {
    title: '石林县农贸市场摊位费上涨 商户不满',
    text: '石林县某农贸市场管理方突然上调摊位费，商户称涨幅过大且未公示，多名商户到市场管理处反映情况。',
  },
};

let n = 0;
const item = (story: { title: string; text: string }, overrides: Record<string, unknown> = {}) => ({
  url: `https://bbs.yl.example.cn/thread/${schema}-${++n}`,
  platform: 'forum',
  reachTier: 'local',
  outlet: '宜良论坛',
  title: story.title,
  text: story.text,
  captureMethod: 'manual',
  ...overrides,
});

/** Captures items as a monitor of the unit; answers each item's id and incident. */
async function capture(
  orgUnit: string,
  items: Record<string, unknown>[],
): Promise<{ itemId: string; incidentId: string }[]> {
  const response = await api()
    .post('/api/ingestion/items')
    .set('authorization', `Bearer ${await token('monitor', orgUnit)}`)
    .send({ orgUnit, items })
    .expect(200);
  return response.body.outcomes.map((o: { status: string; itemId: string; incidentId: string }) => {
    expect(o.status).toBe('captured');
    return { itemId: o.itemId, incidentId: o.incidentId };
  });
}

interface IncidentView {
  incidentId: string;
  status: 'open' | 'merged';
  mergedInto: string | null;
  splitFrom: string | null;
  detectedAt: string;
  itemCount: number;
  heatIndex: number;
  widestReach: string | null;
  version: number;
  items: {
    itemId: string;
    capturedAt: string;
    attachment: Record<string, unknown> | null;
  }[];
}

async function incident(incidentId: string, orgUnit = YILIANG): Promise<IncidentView> {
  const response = await api()
    .get(`/api/ingestion/incidents/${incidentId}`)
    .set('authorization', `Bearer ${await token('monitor', orgUnit)}`)
    .expect(200);
  return response.body as IncidentView;
}

const streamOf = (incidentId: string) => store.readStream(`ingestion-incident-${incidentId}`);
const last = (events: RecordedEvent[], type: string) => [...events].reverse().find((e) => e.type === type)!;
const eventCount = async () =>
  Number((await pool.query(`select count(*) from ${schema}.events`)).rows[0].count as string);

/** What the monitor of 宜良县 is recorded as, on every correction's events. */
const monitorActor = { kind: 'user', id: `monitor-${YILIANG}`, role: 'monitor' };
const reason = '同一事件的不同报道';

/** The ingestion events Kafka delivers from now on. */
async function listen(): Promise<ConsumedEvent[]> {
  const heard: ConsumedEvent[] = [];
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  consumer = kafka.consumer({ groupId: uniqueName('corr-int') });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      heard.push(fromMessage(headersToStrings(message.headers), message.value));
    },
  });
  for (const { partition, high } of offsets) consumer.seek({ topic, partition, offset: high });
  return heard;
}

let road: { itemId: string; incidentId: string };
let roadRepost: { itemId: string; incidentId: string };
let water: { itemId: string; incidentId: string };
let canteen: { itemId: string; incidentId: string };
let canteenRepost: { itemId: string; incidentId: string };

beforeAll(async () => {
  const key = await generateSigningKey();
  signer = new TokenSigner({ key, issuer, audience: 'yuqing' });
  // The run's own consumer groups (`<schema>.revocations`).
  const base = testServiceConfig({ CONSUMER_GROUP_PREFIX: schema });
  kafka = createKafka({ brokers: base.KAFKA_BROKERS, clientId: 'corrections-int' });
  await ensureTopics(
    kafka,
    platformTopics().filter((t) => t.topic.startsWith('yuqing.ingestion.')),
  );
  const config = ingestionConfigSchema.parse({
    DATABASE_URL: base.DATABASE_URL,
    KAFKA_BROKERS: base.KAFKA_BROKERS.join(','),
    INGESTION_SCHEMA: schema,
    FEED_POLLER: 'off',
    AUTH_ISSUER: issuer,
  });
  const logger = createLogger({ service: 'ingestion', level: 'silent' });
  const verifier = new TokenVerifier({
    issuer,
    audience: 'yuqing',
    keys: { jwks: { keys: [key.publicJwk] } },
  });
  app = await createHttpApp(
    IngestionModule.register({ serviceName: 'ingestion', config: base, logger, requiredTopics: [] }, config, {
      verifier,
    }),
    logger,
    '256kb',
  );
  await app.init();
  store = app.get(PostgresEventStore);
  pool = app.get<Pool>(PG_POOL);

  // The canteen story first: its incident is the earliest detected, which a merge must keep.
  [canteen] = await capture(YILIANG, [item(stories.canteen)]);
  [road, roadRepost] = await capture(YILIANG, [
    item(stories.road),
    item(stories.road, {
      url: `https://news.km.example.cn/${schema}/repost`,
      reachTier: 'city-site',
      outlet: '昆明信息港',
      title: `【转载】${stories.road.title}`,
      engagement: { views: 5000, comments: 40 },
    }),
  ]);
  [water] = await capture(YILIANG, [item(stories.water, { engagement: { reposts: 30 } })]);
}, 60_000);

afterAll(async () => {
  await consumer?.disconnect();
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.query(`drop schema if exists ${schema}_auth cascade`);
  await app.close();
});

describe('correcting clustering (改归 / 合并 / 拆分)', () => {
  it('starts from three incidents clustered apart, the road story with its repost', () => {
    expect(roadRepost.incidentId).toBe(road.incidentId);
    expect(new Set([road.incidentId, water.incidentId, canteen.incidentId]).size).toBe(3);
  });

  it('moves an item (改归): both incidents change item count and heat, both streams hold the move with actor and reason, and Kafka carries it', async () => {
    const heard = await listen();
    const [roadBefore, waterBefore] = [await incident(road.incidentId), await incident(water.incidentId)];
    expect([roadBefore.itemCount, waterBefore.itemCount]).toEqual([2, 1]);

    const response = await api()
      .post(`/api/ingestion/items/${roadRepost.itemId}/moves`)
      .set('authorization', `Bearer ${await token('monitor')}`)
      .set('if-match', `"${roadBefore.version}"`)
      .send({ toIncidentId: water.incidentId, reason })
      .expect(201);

    const [roadAfter, waterAfter] = [await incident(road.incidentId), await incident(water.incidentId)];
    expect(response.body).toEqual({
      itemId: roadRepost.itemId,
      fromIncidentId: road.incidentId,
      toIncidentId: water.incidentId,
      incidents: [
        { incidentId: road.incidentId, version: roadAfter.version },
        { incidentId: water.incidentId, version: waterAfter.version },
      ],
    });
    expect([roadAfter.itemCount, waterAfter.itemCount]).toEqual([1, 2]);
    expect(roadAfter.items.map((i) => i.itemId)).toEqual([road.itemId]);
    expect(waterAfter.items.map((i) => i.itemId).sort()).toEqual([water.itemId, roadRepost.itemId].sort());
    // The repost was the wider and busier item: its heat left with it.
    expect(roadAfter.heatIndex).toBeLessThan(roadBefore.heatIndex);
    expect(waterAfter.heatIndex).toBeGreaterThan(waterBefore.heatIndex);
    expect(roadAfter.widestReach).toBe('local');
    expect(waterAfter.widestReach).toBe('city-site');
    expect(waterAfter.items.find((i) => i.itemId === roadRepost.itemId)!.attachment).toEqual({
      relation: 'manual',
      movedFromIncidentId: road.incidentId,
      reason,
    });

    const roadStream = await streamOf(road.incidentId);
    const waterStream = await streamOf(water.incidentId);
    const detached = last(roadStream, 'ingestion.ItemDetachedFromIncident');
    const attached = last(waterStream, 'ingestion.ItemAttachedToIncident');
    expect(detached.data).toEqual({
      itemId: roadRepost.itemId,
      incidentId: road.incidentId,
      movedToIncidentId: water.incidentId,
      reason,
    });
    expect(attached.data).toEqual({
      itemId: roadRepost.itemId,
      incidentId: water.incidentId,
      relation: 'manual',
      movedFromIncidentId: road.incidentId,
      reason,
    });
    for (const e of [detached, attached]) {
      expect(e.metadata).toMatchObject({ orgUnit: YILIANG, actor: monitorActor });
    }
    // One correction: one transaction, one correlation.
    expect(detached.transactionId).toBe(attached.transactionId);
    expect(detached.metadata.correlationId).toBe(attached.metadata.correlationId);
    // Both heats re-measured, caused by the move, and the read model shows what the events say.
    for (const [stream, view, cause] of [
      [roadStream, roadAfter, detached],
      [waterStream, waterAfter, attached],
    ] as const) {
      const heat = IncidentHeatChanged.parse(last(stream, 'ingestion.IncidentHeatChanged').data);
      expect(last(stream, 'ingestion.IncidentHeatChanged').metadata.causationId).toBe(cause.eventId);
      expect(heat).toMatchObject({
        heatIndex: view.heatIndex,
        itemCount: view.itemCount,
        widestReach: view.widestReach,
      });
    }

    const published = await eventually('the move on Kafka', async () => {
      const mine = heard.filter((e) => e.eventId === detached.eventId || e.eventId === attached.eventId);
      return mine.length === 2 ? mine : undefined;
    });
    for (const e of published) expect(e.metadata).toMatchObject({ orgUnit: YILIANG, actor: monitorActor });
  });

  it('answers 409 to a correction on a version the monitor no longer sees, and 400 to a bad body or header', async () => {
    const monitor = await token('monitor');
    const stale = await api()
      .post(`/api/ingestion/incidents/${water.incidentId}/merges`)
      .set('authorization', `Bearer ${monitor}`)
      .set('if-match', '"1"')
      .send({ mergedIncidentId: road.incidentId, reason })
      .expect(409);
    expect(stale.body.currentVersion).toBe((await incident(water.incidentId)).version);
    const invalid = await api()
      .post(`/api/ingestion/items/${road.itemId}/moves`)
      .set('authorization', `Bearer ${monitor}`)
      .send({ toIncidentId: 'not an id', extra: 1 })
      .expect(400);
    expect(invalid.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['extra', 'reason', 'toIncidentId'].sort(),
    );
    await api()
      .post(`/api/ingestion/incidents/${water.incidentId}/splits`)
      .set('authorization', `Bearer ${monitor}`)
      .set('if-match', 'seven')
      .send({ itemIds: [water.itemId], reason })
      .expect(400);
    await api()
      .post(`/api/ingestion/incidents/0193aaaa-0000-7000-8000-000000000000/merges`)
      .set('authorization', `Bearer ${monitor}`)
      .send({ mergedIncidentId: water.incidentId, reason })
      .expect(404);
    await api()
      .post(`/api/ingestion/incidents/${water.incidentId}/merges`)
      .set('authorization', `Bearer ${monitor}`)
      .send({ mergedIncidentId: '0193aaaa-0000-7000-8000-000000000000', reason })
      .expect(404);
  });

  it('refuses a move that would empty an incident, into the same incident, or across units', async () => {
    const monitor = await token('monitor');
    const refused = async (path: string, body: object, rule: string, who = monitor) => {
      const response = await api().post(path).set('authorization', `Bearer ${who}`).send(body).expect(422);
      expect(response.body.rule).toBe(rule);
    };
    await refused(
      `/api/ingestion/items/${road.itemId}/moves`,
      { toIncidentId: water.incidentId, reason },
      'ingestion.move-takes-last-item',
    );
    await refused(
      `/api/ingestion/items/${water.itemId}/moves`,
      { toIncidentId: water.incidentId, reason },
      'ingestion.same-incident',
    );
    const [market] = await capture(SHILIN, [item(stories.market)]);
    // A monitor of 宜良县 does not see 石林县's incident at all; a monitor of the city sees both units.
    await api()
      .post(`/api/ingestion/items/${roadRepost.itemId}/moves`)
      .set('authorization', `Bearer ${monitor}`)
      .send({ toIncidentId: market!.incidentId, reason })
      .expect(404);
    await refused(
      `/api/ingestion/items/${roadRepost.itemId}/moves`,
      { toIncidentId: market!.incidentId, reason },
      'ingestion.different-org-unit',
      await token('monitor', CITY),
    );
  });

  it('refuses a monitor of another county with 403 and appends nothing', async () => {
    const other = await token('monitor', SHILIN);
    const before = await eventCount();
    for (const [path, body] of [
      [`/api/ingestion/items/${roadRepost.itemId}/moves`, { toIncidentId: road.incidentId, reason }],
      [`/api/ingestion/incidents/${water.incidentId}/merges`, { mergedIncidentId: road.incidentId, reason }],
      [`/api/ingestion/incidents/${water.incidentId}/splits`, { itemIds: [water.itemId], reason }],
    ] as const) {
      const response = await api().post(path).set('authorization', `Bearer ${other}`).send(body).expect(403);
      expect(response.body.reason).toBe('outside-scope');
    }
    expect(await eventCount()).toBe(before);
  });

  it('merges an incident into another (合并): one open incident with every item and the earlier detection, the other closed for good', async () => {
    const canteenBefore = await incident(canteen.incidentId);
    const waterBefore = await incident(water.incidentId);
    expect(Date.parse(canteenBefore.detectedAt)).toBeLessThan(Date.parse(waterBefore.detectedAt));

    const response = await api()
      .post(`/api/ingestion/incidents/${water.incidentId}/merges`)
      .set('authorization', `Bearer ${await token('monitor')}`)
      .send({ mergedIncidentId: canteen.incidentId, reason })
      .expect(201);

    const waterAfter = await incident(water.incidentId);
    const canteenAfter = await incident(canteen.incidentId);
    expect(response.body).toEqual({
      incidentId: water.incidentId,
      mergedIncidentId: canteen.incidentId,
      incidents: [
        { incidentId: water.incidentId, version: waterAfter.version },
        { incidentId: canteen.incidentId, version: canteenAfter.version },
      ],
    });
    expect(waterAfter).toMatchObject({ status: 'open', itemCount: 3, detectedAt: canteenBefore.detectedAt });
    expect(waterAfter.items.map((i) => i.itemId).sort()).toEqual(
      [water.itemId, roadRepost.itemId, canteen.itemId].sort(),
    );
    expect(waterAfter.heatIndex).toBeGreaterThan(waterBefore.heatIndex);
    expect(waterAfter.items.find((i) => i.itemId === canteen.itemId)!.attachment).toEqual({
      relation: 'merged',
      mergedFromIncidentId: canteen.incidentId,
      reason,
      previous: { relation: 'new-incident' },
    });
    expect(canteenAfter).toMatchObject({
      status: 'merged',
      mergedInto: water.incidentId,
      itemCount: 0,
      heatIndex: 0,
      items: [],
    });
    const { rows } = await pool.query(`select merged_into from ${schema}.incidents where incident_id = $1`, [
      canteen.incidentId,
    ]);
    expect(rows).toEqual([{ merged_into: water.incidentId }]);

    const merged = last(await streamOf(water.incidentId), 'ingestion.IncidentsMerged');
    const closed = last(await streamOf(canteen.incidentId), 'ingestion.IncidentMergedInto');
    expect(merged.data).toEqual({
      incidentId: water.incidentId,
      mergedIncidentId: canteen.incidentId,
      itemIds: [canteen.itemId],
      mergedDetectedAt: new Date(canteenBefore.detectedAt).toISOString(),
      reason,
    });
    expect(closed.data).toEqual({
      incidentId: canteen.incidentId,
      intoIncidentId: water.incidentId,
      itemIds: [canteen.itemId],
      reason,
    });
    expect(closed.metadata).toMatchObject({ orgUnit: YILIANG, actor: monitorActor });
    expect(
      IncidentHeatChanged.parse(last(await streamOf(water.incidentId), 'ingestion.IncidentHeatChanged').data),
    ).toMatchObject({ heatIndex: waterAfter.heatIndex, itemCount: 3 });
  });

  it('refuses to merge, move into or split a closed incident (422), and clustering no longer gives it items', async () => {
    const monitor = await token('monitor');
    for (const [path, body] of [
      [
        `/api/ingestion/incidents/${canteen.incidentId}/merges`,
        { mergedIncidentId: road.incidentId, reason },
      ],
      [
        `/api/ingestion/incidents/${water.incidentId}/merges`,
        { mergedIncidentId: canteen.incidentId, reason },
      ],
      [`/api/ingestion/items/${roadRepost.itemId}/moves`, { toIncidentId: canteen.incidentId, reason }],
      [`/api/ingestion/incidents/${canteen.incidentId}/splits`, { itemIds: [canteen.itemId], reason }],
    ] as const) {
      const response = await api()
        .post(path)
        .set('authorization', `Bearer ${monitor}`)
        .send(body)
        .expect(422);
      expect(response.body.rule).toBe('ingestion.incident-closed');
    }
    // A repost of the canteen story joins the incident that holds it now, not the closed one.
    [canteenRepost] = await capture(YILIANG, [
      item(stories.canteen, { title: `【转载】${stories.canteen.title}`, outlet: '昆明信息港' }),
    ]);
    expect(canteenRepost.incidentId).toBe(water.incidentId);
    expect((await incident(canteen.incidentId)).itemCount).toBe(0);
    const open = await api()
      .get('/api/ingestion/incidents?status=open')
      .set('authorization', `Bearer ${monitor}`)
      .expect(200);
    expect(open.body.incidents.map((i: { incidentId: string }) => i.incidentId)).not.toContain(
      canteen.incidentId,
    );
  });

  it('splits items off into a new incident (拆分) with their heat; the original keeps the rest; a retry with the same key appends nothing', async () => {
    const monitor = await token('monitor');
    const waterBefore = await incident(water.incidentId);
    // The canteen story and its repost, named newest first: the new incident lists them in capture order.
    const splitting = [canteenRepost.itemId, canteen.itemId];
    const canteenCapture = waterBefore.items.find((i) => i.itemId === canteen.itemId)!.capturedAt;
    const send = () =>
      api()
        .post(`/api/ingestion/incidents/${water.incidentId}/splits`)
        .set('authorization', `Bearer ${monitor}`)
        .set('idempotency-key', `split-${schema}`)
        .send({ itemIds: splitting, title: '北古城镇中学食堂投诉', reason: '两起不同事件' })
        .expect(201);
    const response = await send();
    const newIncidentId = response.body.newIncidentId as string;
    const eventsAfter = await eventCount();
    expect((await send()).body).toEqual(response.body);
    expect(await eventCount()).toBe(eventsAfter);

    const created = await incident(newIncidentId);
    const original = await incident(water.incidentId);
    expect(response.body).toEqual({
      incidentId: water.incidentId,
      newIncidentId,
      itemIds: [canteen.itemId, canteenRepost.itemId],
      incidents: [
        { incidentId: water.incidentId, version: original.version },
        { incidentId: newIncidentId, version: 2 },
      ],
    });
    expect(created).toMatchObject({
      status: 'open',
      splitFrom: water.incidentId,
      itemCount: 2,
      detectedAt: canteenCapture,
    });
    expect(created.items.map((i) => i.itemId).sort()).toEqual([...splitting].sort());
    expect(created.items[0]!.attachment).toMatchObject({
      relation: 'split',
      splitFromIncidentId: water.incidentId,
      reason: '两起不同事件',
    });
    expect(created.heatIndex).toBeGreaterThan(0);
    expect(original.itemCount).toBe(2);
    expect(original.items.map((i) => i.itemId).sort()).toEqual([water.itemId, roadRepost.itemId].sort());
    expect(original.heatIndex).toBeLessThan(waterBefore.heatIndex);

    const detected = (await streamOf(newIncidentId)).map((e) => [e.type, e.data]);
    expect(detected).toEqual([
      [
        'ingestion.IncidentDetected',
        {
          incidentId: newIncidentId,
          title: '北古城镇中学食堂投诉',
          itemIds: response.body.itemIds,
          detectedAt: new Date(created.detectedAt).toISOString(),
          splitFromIncidentId: water.incidentId,
        },
      ],
      [
        'ingestion.IncidentHeatChanged',
        expect.objectContaining({ heatIndex: created.heatIndex, itemCount: 2 }),
      ],
    ]);
    expect(last(await streamOf(water.incidentId), 'ingestion.IncidentSplit').data).toEqual({
      incidentId: water.incidentId,
      newIncidentId,
      itemIds: response.body.itemIds,
      reason: '两起不同事件',
    });
  });

  it('refuses a split that takes every item, or items of another incident', async () => {
    const monitor = await token('monitor');
    const split = async (incidentId: string, itemIds: string[], rule: string) => {
      const response = await api()
        .post(`/api/ingestion/incidents/${incidentId}/splits`)
        .set('authorization', `Bearer ${monitor}`)
        .send({ itemIds, reason })
        .expect(422);
      expect(response.body.rule).toBe(rule);
    };
    await split(road.incidentId, [road.itemId], 'ingestion.split-takes-all-items');
    await split(water.incidentId, [road.itemId], 'ingestion.item-not-in-incident');
  });

  it('lets one of two concurrent merges of the same incident through and refuses the other', async () => {
    const [a] = await capture(YILIANG, [
      item({
        title: '九乡乡景区索道停运 游客滞留',
        text: '九乡乡景区索道因故障突然停运，数十名游客滞留山顶，景区正在组织疏散。',
      }),
    ]);
    const monitor = await token('monitor');
    const merge = (into: string) =>
      api()
        .post(`/api/ingestion/incidents/${into}/merges`)
        .set('authorization', `Bearer ${monitor}`)
        .send({ mergedIncidentId: a!.incidentId, reason });
    const answers = await Promise.all([merge(road.incidentId), merge(water.incidentId)]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 422]);
    const { rows } = await pool.query(`select incident_id from ${schema}.items where item_id = $1`, [
      a!.itemId,
    ]);
    const winner = answers.find((r) => r.status === 201)!.body.incidentId as string;
    expect(rows).toEqual([{ incident_id: winner }]);
    expect((await incident(a!.incidentId)).mergedInto).toBe(winner);
  });

  it('rebuilds the incidents and items from zero to exactly what the live projection holds', async () => {
    const snapshot = async () =>
      (
        await pool.query(
          `select (select json_agg(i order by incident_id) from ${schema}.incidents i) as incidents,
                  (select json_agg(t order by item_id) from ${schema}.items t) as items`,
        )
      ).rows[0];
    const live = await snapshot();
    expect(live.incidents.length).toBeGreaterThan(5);

    const applied = (await app.get(ProjectionRunner).rebuild()).eventsRead;

    expect(applied).toBeGreaterThan(20);
    expect(await snapshot()).toEqual(live);
  });
});
