import type { INestApplication } from '@nestjs/common';
import type { Pool } from 'pg';
import request from 'supertest';
import { strToU8, zipSync } from 'fflate';
import { generateSigningKey, TokenSigner, TokenVerifier, type Grant } from '@yuqing/auth';
import { ingestionStreams } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import { createHttpApp, PG_POOL } from '@yuqing/service-kit';
import { createLogger } from '@yuqing/telemetry';
import { testServiceConfig, uniqueName } from '@yuqing/testing';
import { ingestionConfigSchema } from './ingestion.config';
import { IngestionModule } from './ingestion.module';

// The ingestion API as a crawler, a monitor and an administrator use it: real PostgreSQL and Kafka, real tokens.
const schema = uniqueName('ing');
const issuer = 'https://issuer.test';
let app: INestApplication;
let signer: TokenSigner;
const xishan = 'cn.yn.km.xs';

async function token(
  role: Grant['role'],
  orgUnit = xishan,
  kind: 'user' | 'integrator' = 'user',
): Promise<string> {
  // A machine client acts only within the scopes its registration gave it.
  const scopes = kind === 'integrator' ? ['ingestion.capture-item'] : [];
  return signer.sign({
    subject: `${role}-1`,
    kind,
    grants: [{ grantId: uniqueName('g'), role, orgUnit }],
    scopes,
  });
}

const item = (n: number, overrides: Record<string, unknown> = {}) => ({
  url: `https://bbs.km.example.cn/thread/${n}`,
  platform: 'forum',
  reachTier: 'city-site',
  outlet: '昆明信息港论坛',
  title: `西山区河道污染第${n}帖`,
  text: `<p>西山区碧鸡街道河道污染严重，居民投诉第${n}次。</p><script>alert(1)</script>`,
  captureMethod: 'crawler',
  ...overrides,
});

beforeAll(async () => {
  const key = await generateSigningKey();
  signer = new TokenSigner({ key, issuer, audience: 'yuqing' });
  // The run's own consumer groups (`<schema>.revocations`).
  const base = testServiceConfig({ CONSUMER_GROUP_PREFIX: schema });
  const config = ingestionConfigSchema.parse({
    DATABASE_URL: base.DATABASE_URL,
    KAFKA_BROKERS: base.KAFKA_BROKERS.join(','),
    INGESTION_SCHEMA: schema,
    FEED_POLLER: 'off',
    CAPTURE_BATCH_MAX: '50',
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
});

afterAll(async () => {
  const pool = app.get<Pool>(PG_POOL);
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.query(`drop schema if exists ${schema}_auth cascade`);
  await app.close();
});

describe('ingestion API', () => {
  it('defines a rule, takes a batch from a crawler and shows the incident to a monitor of the unit', async () => {
    const admin = await token('opinion-admin');
    await request(app.getHttpServer())
      .put('/api/ingestion/rules/xishan-env')
      .set('authorization', `Bearer ${admin}`)
      .send({ orgUnit: xishan, name: '西山区环境', expression: '西山区 AND (污染 OR 欠薪)' })
      .expect(200, { ruleId: 'xishan-env', ruleVersion: 1 });

    const crawler = await token('integrator', xishan, 'integrator');
    const captured = await request(app.getHttpServer())
      .post('/api/ingestion/items')
      .set('authorization', `Bearer ${crawler}`)
      .set('idempotency-key', 'crawl-0001')
      .send({ orgUnit: xishan, items: [item(1), item(2, { title: '官渡区美食', text: '米线好吃' })] })
      .expect(200);
    expect(captured.body.outcomes.map((o: { status: string }) => o.status)).toEqual(['captured', 'rejected']);

    const monitor = await token('monitor');
    const incidents = await request(app.getHttpServer())
      .get('/api/ingestion/incidents')
      .set('authorization', `Bearer ${monitor}`)
      .expect(200);
    expect(incidents.body.incidents).toHaveLength(1);
    const detail = await request(app.getHttpServer())
      .get(`/api/ingestion/incidents/${incidents.body.incidents[0].incidentId}`)
      .set('authorization', `Bearer ${monitor}`)
      .expect(200);
    expect(detail.body.items).toEqual([
      expect.objectContaining({ title: '西山区河道污染第1帖', reachTier: 'city-site' }),
    ]);
  });

  it('answers a retried batch with the same outcomes and no new events', async () => {
    const crawler = await token('integrator', xishan, 'integrator');
    const again = await request(app.getHttpServer())
      .post('/api/ingestion/items')
      .set('authorization', `Bearer ${crawler}`)
      .set('idempotency-key', 'crawl-0001')
      .send({ orgUnit: xishan, items: [item(1), item(2, { title: '官渡区美食', text: '米线好吃' })] })
      .expect(200);
    expect(again.body.outcomes.map((o: { status: string }) => o.status)).toEqual(['captured', 'rejected']);
    await request(app.getHttpServer())
      .post('/api/ingestion/items')
      .set('authorization', `Bearer ${crawler}`)
      .set('idempotency-key', 'crawl-0001')
      .send({ orgUnit: xishan, items: [item(3)] })
      .expect(422)
      .expect((res) => expect(res.body.rule).toBe('ingestion.idempotency-key-reused'));
  });

  it('refuses invalid items with each field path, and captures nothing of that batch', async () => {
    const crawler = await token('integrator', xishan, 'integrator');
    const response = await request(app.getHttpServer())
      .post('/api/ingestion/items')
      .set('authorization', `Bearer ${crawler}`)
      .send({
        orgUnit: xishan,
        items: [
          item(10),
          item(11, { url: 'javascript:alert(1)', title: 'x'.repeat(501) }),
          item(12, { engagement: { views: -1 } }),
        ],
      })
      .expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'items[1].url',
      'items[1].title',
      'items[2].engagement.views',
    ]);
    const monitor = await token('monitor');
    const items = await request(app.getHttpServer())
      .get('/api/ingestion/items')
      .set('authorization', `Bearer ${monitor}`)
      .expect(200);
    expect(items.body.items.map((i: { title: string }) => i.title)).not.toContain('西山区河道污染第10帖');
  });

  it('refuses a body over the limit with 413 and a batch over the maximum with 400', async () => {
    const crawler = await token('integrator', xishan, 'integrator');
    await request(app.getHttpServer())
      .post('/api/ingestion/items')
      .set('authorization', `Bearer ${crawler}`)
      .send({ orgUnit: xishan, items: [item(20, { text: '字'.repeat(100_000) })] })
      .expect(413);
    await request(app.getHttpServer())
      .post('/api/ingestion/items')
      .set('authorization', `Bearer ${crawler}`)
      .send({ orgUnit: xishan, items: Array.from({ length: 51 }, (_, i) => item(100 + i)) })
      .expect(400);
  });

  it('points at the bad token of a rule that does not parse', async () => {
    const admin = await token('opinion-admin');
    const response = await request(app.getHttpServer())
      .put('/api/ingestion/rules/bad')
      .set('authorization', `Bearer ${admin}`)
      .send({ orgUnit: xishan, name: '坏规则', expression: '西山区 AND (污染 OR' })
      .expect(400);
    expect(response.body.errors).toEqual([
      { path: 'expression', message: 'rule ends where a term was expected', position: 14, token: '' },
    ]);
  });

  it('refuses a feed that points inside the network', async () => {
    const admin = await token('opinion-admin');
    const response = await request(app.getHttpServer())
      .post('/api/ingestion/sources')
      .set('authorization', `Bearer ${admin}`)
      .send({
        orgUnit: xishan,
        name: '内网',
        url: 'http://127.0.0.1/',
        platform: 'forum',
        reachTier: 'local',
        feedUrl: 'http://127.0.0.1:8080/rss',
      })
      .expect(422);
    expect(response.body.rule).toBe('ingestion.feed-address-internal');
  });

  it('lets a monitor verify an item once, and dismiss none after', async () => {
    const monitor = await token('monitor');
    const items = await request(app.getHttpServer())
      .get('/api/ingestion/items')
      .set('authorization', `Bearer ${monitor}`)
      .expect(200);
    const itemId = items.body.items[0].itemId as string;
    await request(app.getHttpServer())
      .post(`/api/ingestion/items/${itemId}/verifications`)
      .set('authorization', `Bearer ${monitor}`)
      .send({ accuracy: 'accurate', findings: '经现场核实，河道确有污水排放。', evidence: [] })
      .expect(201);
    const refused = await request(app.getHttpServer())
      .post(`/api/ingestion/items/${itemId}/dismissals`)
      .set('authorization', `Bearer ${monitor}`)
      .send({ reason: 'fabricated', explanation: '伪舆情', evidence: [] })
      .expect(422);
    expect(refused.body.rule).toBe('ingestion.item-already-verified');
  });

  it('keeps the figures a monitor verified (核实的数据) and refuses bad figures naming each field', async () => {
    const crawler = await token('integrator', xishan, 'integrator');
    const captured = await request(app.getHttpServer())
      .post('/api/ingestion/items')
      .set('authorization', `Bearer ${crawler}`)
      .send({
        orgUnit: xishan,
        items: [
          item(50, { title: '西山区工地欠薪讨薪受伤', text: '西山区某工地拖欠工资，讨薪时三名工人受伤。' }),
        ],
      })
      .expect(200);
    const itemId = captured.body.outcomes[0].itemId as string;
    const monitor = await token('monitor');
    const verify = (body: string) =>
      request(app.getHttpServer())
        .post(`/api/ingestion/items/${itemId}/verifications`)
        .set('authorization', `Bearer ${monitor}`)
        .set('content-type', 'application/json')
        .send(body);
    const base = { accuracy: 'partly-accurate', findings: '经核实，受伤工人为两人而非三人。', evidence: [] };

    // 1e999 is valid JSON that parses to Infinity: a figure must be a finite number.
    const nonFinite = await verify(
      `{"accuracy":"accurate","findings":"核实","evidence":[],"figures":[{"name":"受伤人数","value":1e999}]}`,
    ).expect(400);
    expect(nonFinite.body.errors.map((e: { path: string }) => e.path)).toEqual(['figures[0].value']);
    const tooLong = await verify(
      JSON.stringify({ ...base, figures: [{ name: '人'.repeat(201), value: 1 }] }),
    ).expect(400);
    expect(tooLong.body.errors.map((e: { path: string }) => e.path)).toEqual(['figures[0].name']);
    const twice = await verify(
      JSON.stringify({
        ...base,
        figures: [
          { name: '受伤人数', value: 2, unit: '人' },
          { name: '受伤人数', value: 3, unit: '人' },
        ],
      }),
    ).expect(400);
    expect(twice.body.errors).toEqual([
      expect.objectContaining({ path: 'figures[1].name', message: expect.stringContaining('受伤人数') }),
    ]);

    const figures = [
      { name: '受伤人数', value: 2, unit: '人' },
      { name: '拖欠工资', value: 8.5, unit: '万元' },
    ];
    await verify(JSON.stringify({ ...base, figures })).expect(201);
    const stream = await app.get(PostgresEventStore).readStream(ingestionStreams.item.id(itemId));
    expect(stream.find((e) => e.type === 'ingestion.ItemVerified')?.data).toMatchObject({
      itemId,
      accuracy: 'partly-accurate',
      figures,
    });
  });

  it('shows nothing of this unit to a monitor of a sibling county, and refuses them its items', async () => {
    const sibling = await token('monitor', 'cn.yn.km.gd');
    const incidents = await request(app.getHttpServer())
      .get('/api/ingestion/incidents')
      .set('authorization', `Bearer ${sibling}`)
      .expect(200);
    expect(incidents.body.incidents).toEqual([]);
    const crawler = await token('integrator', 'cn.yn.km.gd', 'integrator');
    await request(app.getHttpServer())
      .post('/api/ingestion/items')
      .set('authorization', `Bearer ${crawler}`)
      .send({ orgUnit: xishan, items: [item(30)] })
      .expect(403);
  });

  it('lists the catalogue of known outlets to an administrator, by tier, platform, name, host or feed address, a page at a time', async () => {
    const admin = await token('opinion-admin');
    const get = (query: string) =>
      request(app.getHttpServer())
        .get(`/api/ingestion/source-catalogue${query}`)
        .set('authorization', `Bearer ${admin}`)
        .expect(200);
    const all = await get('');
    expect(all.body.origin).toBe('default');
    expect(all.body.outlets[0]).toEqual({
      name: expect.any(String),
      hosts: expect.any(Array),
      platform: expect.any(String),
      reachTier: 'central-media',
    });
    const provincial = await get('?reachTier=provincial-portal');
    expect(provincial.body.outlets.map((o: { name: string }) => o.name)).toContain('云南网');
    const byFeed = await get(`?q=${encodeURIComponent('https://news.yunnan.cn/rss/kunming.xml')}`);
    expect(byFeed.body.outlets).toEqual([
      { name: '云南网', hosts: ['yunnan.cn'], platform: 'news-site', reachTier: 'provincial-portal' },
    ]);
    expect((await get('?platform=portal&reachTier=national-portal')).body.total).toBeGreaterThan(3);
    const first = await get('?limit=5');
    expect(first.body.outlets).toHaveLength(5);
    const second = await get(`?limit=5&after=${first.body.next}`);
    expect(second.body.outlets[0]).toEqual(all.body.outlets[5]);
    const invalid = await request(app.getHttpServer())
      .get('/api/ingestion/source-catalogue?reachTier=galactic')
      .set('authorization', `Bearer ${admin}`)
      .expect(400);
    expect(invalid.body.errors[0].path).toBe('reachTier');
  });

  it('answers a transfer sent again with its first answer; another item under the same reference is refused', async () => {
    const office = await token('internet-office', 'cn.yn.km');
    const transfer = (n: number) =>
      request(app.getHttpServer())
        .post('/api/ingestion/transfers')
        .set('authorization', `Bearer ${office}`)
        .send({
          orgUnit: xishan,
          item: item(n, { title: `转办：官渡区美食第${n}帖`, text: '与监测规则无关，但网信办已研判。' }),
          transferReference: 'zb-2026-001',
          respondBy: '2026-12-31T18:00:00+08:00',
        });
    const first = await transfer(501).expect(200);
    expect(first.body).toMatchObject({ status: 'captured' });
    const pool = app.get<Pool>(PG_POOL);
    const count = async () => (await pool.query(`select count(*)::int as n from ${schema}.events`)).rows[0].n;
    const before = await count();
    expect((await transfer(501).expect(200)).body).toEqual(first.body);
    expect(await count()).toBe(before);
    await transfer(502)
      .expect(422)
      .expect((res) => expect(res.body.rule).toBe('ingestion.idempotency-key-reused'));
  });

  it('imports a spreadsheet: valid rows captured, the others reported by row and column', async () => {
    const monitor = await token('monitor');
    const content = [
      '链接,平台,来源,标题,正文',
      'https://weibo.example.com/9,微博,春城热线,西山区工地欠薪,西山区某工地欠薪',
      'ftp://x,论坛,某论坛,坏行,内容',
    ].join('\n');
    const response = await request(app.getHttpServer())
      .post('/api/ingestion/imports')
      .set('authorization', `Bearer ${monitor}`)
      .send({ orgUnit: xishan, format: 'csv', content })
      .expect(200);
    expect(response.body).toMatchObject({
      rows: 2,
      outcomes: [{ row: 2, status: 'captured' }],
      errors: [{ row: 3, path: 'url' }],
    });
  });

  // Issue 19, the smaller findings: each answer tells the caller what it needs and nothing of another unit.
  it('refuses a rule id another unit holds with a 409 that does not name that unit', async () => {
    const guandu = await token('opinion-admin', 'cn.yn.km.gd');
    const clash = await request(app.getHttpServer())
      .put('/api/ingestion/rules/xishan-env')
      .set('authorization', `Bearer ${guandu}`)
      .send({ orgUnit: 'cn.yn.km.gd', name: '官渡区环境', expression: '官渡区 AND 污染' })
      .expect(409);
    expect(JSON.stringify(clash.body)).not.toContain(xishan);
    const rules = await request(app.getHttpServer())
      .get('/api/ingestion/rules')
      .set('authorization', `Bearer ${await token('monitor')}`)
      .expect(200);
    expect(JSON.stringify(rules.body)).not.toContain('官渡区环境');
  });

  it('refuses a record of another unit with a 403 that does not name the record’s unit', async () => {
    const monitor = await token('monitor');
    const incidents = await request(app.getHttpServer())
      .get('/api/ingestion/incidents')
      .set('authorization', `Bearer ${monitor}`)
      .expect(200);
    const incidentId = incidents.body.incidents[0].incidentId as string;
    const sibling = await token('monitor', 'cn.yn.km.gd');
    const refused = await request(app.getHttpServer())
      .get(`/api/ingestion/incidents/${incidentId}`)
      .set('authorization', `Bearer ${sibling}`)
      .expect(403);
    expect(refused.body.reason).toBe('outside-scope');
    expect(JSON.stringify(refused.body)).not.toContain(xishan);
  });

  it('refuses a feed host that resolves inside the network without telling the address', async () => {
    const admin = await token('opinion-admin');
    const response = await request(app.getHttpServer())
      .post('/api/ingestion/sources')
      .set('authorization', `Bearer ${admin}`)
      .send({
        orgUnit: xishan,
        name: '内网主机名',
        url: 'http://localhost/',
        platform: 'forum',
        reachTier: 'local',
        feedUrl: 'http://localhost:8080/rss',
      })
      .expect(422);
    expect(response.body.rule).toBe('ingestion.feed-address-internal');
    expect(JSON.stringify(response.body)).not.toMatch(/127\.0\.0\.1|::1/);
  });

  it('keeps idempotency keys per caller: another crawler of the same unit may use the same key', async () => {
    const other = await signer.sign({
      subject: 'integrator-2',
      kind: 'integrator',
      grants: [{ grantId: uniqueName('g'), role: 'integrator', orgUnit: xishan }],
      scopes: ['ingestion.capture-item'],
    });
    const own = await request(app.getHttpServer())
      .post('/api/ingestion/items')
      .set('authorization', `Bearer ${other}`)
      .set('idempotency-key', 'crawl-0001')
      .send({ orgUnit: xishan, items: [item(40)] })
      .expect(200);
    expect(own.body.outcomes).toEqual([expect.objectContaining({ status: 'captured' })]);
  });

  it('refuses a workbook of too many parts with 413 before unpacking it', async () => {
    const monitor = await token('monitor');
    const parts = Object.fromEntries(
      Array.from({ length: 1500 }, (_, i) => [`xl/worksheets/sheet${i + 1}.xml`, strToU8('')]),
    );
    const content = Buffer.from(zipSync(parts, { level: 0 })).toString('base64');
    const response = await request(app.getHttpServer())
      .post('/api/ingestion/imports')
      .set('authorization', `Bearer ${monitor}`)
      .send({ orgUnit: xishan, format: 'xlsx', content })
      .expect(413);
    expect(response.body.errors).toEqual([{ path: 'content', message: expect.stringMatching(/parts/) }]);
  });
});
