import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { Pool } from 'pg';
import request from 'supertest';
import { generateSigningKey, TokenSigner, TokenVerifier, type Grant } from '@yuqing/auth';
import { createHttpApp, PG_POOL } from '@yuqing/service-kit';
import { createLogger } from '@yuqing/telemetry';
import { testServiceConfig, uniqueName } from '@yuqing/testing';
import { ingestionConfigSchema } from '../ingestion.config';
import { IngestionModule } from '../ingestion.module';
import { FeedPoller } from '../poll-feeds/feed-poller';
import { forumFeedUtf8 } from '../poll-feeds/testing/feeds';

// Heightened-watch windows (重点时段) through the API, with the service's clock in the test's hand: an
// administrator schedules a window and the poller fetches the unit's feed far more often during it, then as
// before; a cancelled window changes nothing; a city's window covers its counties.
const schema = uniqueName('ingww');
const issuer = 'https://issuer.test';
const xishan = 'cn.yn.km.xs';
const MINUTE = 60_000;
let app: INestApplication;
let signer: TokenSigner;
let server: Server;
let poller: FeedPoller;
/** The service's time; starts just after now, since sources fall due from their registration (database time). */
let clock = new Date(Date.now() + 1000);
const t0 = clock.getTime();
/** The service clock at each fetch of the feed. */
const fetches: number[] = [];

async function token(role: Grant['role'], orgUnit = xishan): Promise<string> {
  return signer.sign({
    subject: `${role}-1`,
    kind: 'user',
    grants: [{ grantId: uniqueName('g'), role, orgUnit }],
  });
}

const at = (minutes: number) => new Date(t0 + minutes * MINUTE).toISOString();

/** Moves the clock to `minutes` after t0, half a minute at a time, polling due feeds at each step. */
async function runUntil(minutes: number): Promise<void> {
  while (clock.getTime() < t0 + minutes * MINUTE) {
    clock = new Date(clock.getTime() + MINUTE / 2);
    await poller.pollDue(10);
  }
}

const fetchesBetween = (from: number, to: number) =>
  fetches.filter((t) => t >= t0 + from * MINUTE && t < t0 + to * MINUTE).length;

beforeAll(async () => {
  server = createServer((req, res) => {
    fetches.push(clock.getTime());
    if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304).end();
    res
      .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"' })
      .end(forumFeedUtf8(`http://${req.headers.host}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const feedHost = `127.0.0.1:${(server.address() as AddressInfo).port}`;

  const key = await generateSigningKey();
  signer = new TokenSigner({ key, issuer, audience: 'yuqing' });
  // The run's own consumer groups (`<schema>.revocations`).
  const base = testServiceConfig({ CONSUMER_GROUP_PREFIX: schema });
  const config = ingestionConfigSchema.parse({
    DATABASE_URL: base.DATABASE_URL,
    KAFKA_BROKERS: base.KAFKA_BROKERS.join(','),
    INGESTION_SCHEMA: schema,
    FEED_POLLER: 'off',
    FEED_POLL_SECONDS: '600',
    FEED_ALLOWLIST: feedHost,
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
      clock: () => clock,
    }),
    logger,
    '256kb',
  );
  await app.init();
  poller = app.get(FeedPoller);

  await request(app.getHttpServer())
    .post('/api/ingestion/sources')
    .set('authorization', `Bearer ${await token('opinion-admin')}`)
    .send({
      orgUnit: xishan,
      name: '昆明信息港论坛',
      url: `http://${feedHost}/`,
      platform: 'forum',
      reachTier: 'city-site',
      feedUrl: `http://${feedHost}/forum.xml`,
    })
    .expect(201);
});

afterAll(async () => {
  const pool = app.get<Pool>(PG_POOL);
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.query(`drop schema if exists ${schema}_auth cascade`);
  await app.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('heightened-watch windows (重点时段)', () => {
  it('polls a feed every poll interval outside a window and many times as often inside one scheduled through the API', async () => {
    await runUntil(60);
    const scheduled = await request(app.getHttpServer())
      .post('/api/ingestion/watch-windows')
      .set('authorization', `Bearer ${await token('opinion-admin')}`)
      .send({ orgUnit: xishan, name: '国庆假期', startsAt: at(90), endsAt: at(150), pollIntervalFactor: 0.1 })
      .expect(201);
    expect(scheduled.body).toEqual({ windowId: expect.any(String), status: 'scheduled' });
    await runUntil(210);

    // 600 s outside the window, 60 s inside it.
    expect(fetchesBetween(0, 60)).toBeGreaterThanOrEqual(5);
    expect(fetchesBetween(0, 60)).toBeLessThanOrEqual(7);
    expect(fetchesBetween(90, 150)).toBeGreaterThanOrEqual(55);
    expect(fetchesBetween(150, 210)).toBeLessThanOrEqual(7);
  }, 60_000);

  it('lists current and upcoming windows to a monitor of the unit, and none to a sibling county', async () => {
    const admin = await token('opinion-admin');
    const later = await request(app.getHttpServer())
      .post('/api/ingestion/watch-windows')
      .set('authorization', `Bearer ${admin}`)
      .send({ orgUnit: xishan, name: '两会期间', startsAt: at(300), endsAt: at(360) })
      .expect(201);
    const monitor = await token('monitor');
    const active = await request(app.getHttpServer())
      .get('/api/ingestion/watch-windows')
      .set('authorization', `Bearer ${monitor}`)
      .expect(200);
    expect(active.body.watchWindows).toEqual([
      expect.objectContaining({
        windowId: later.body.windowId,
        orgUnit: xishan,
        name: '两会期间',
        pollIntervalFactor: 0.25,
        status: 'upcoming',
      }),
    ]);
    const ended = await request(app.getHttpServer())
      .get('/api/ingestion/watch-windows?status=ended')
      .set('authorization', `Bearer ${monitor}`)
      .expect(200);
    expect(ended.body.watchWindows.map((w: { name: string }) => w.name)).toEqual(['国庆假期']);
    const all = await request(app.getHttpServer())
      .get('/api/ingestion/watch-windows?status=all&limit=1')
      .set('authorization', `Bearer ${monitor}`)
      .expect(200);
    expect(all.body.watchWindows).toHaveLength(1);
    const rest = await request(app.getHttpServer())
      .get(`/api/ingestion/watch-windows?status=all&limit=1&after=${all.body.next}`)
      .set('authorization', `Bearer ${monitor}`)
      .expect(200);
    expect(rest.body.watchWindows.map((w: { name: string }) => w.name)).toEqual(['国庆假期']);
    const sibling = await request(app.getHttpServer())
      .get('/api/ingestion/watch-windows?status=all')
      .set('authorization', `Bearer ${await token('monitor', 'cn.yn.km.gd')}`)
      .expect(200);
    expect(sibling.body.watchWindows).toEqual([]);
  });

  it('polls as usual again once a window is cancelled, and refuses to cancel it twice', async () => {
    const admin = await token('opinion-admin');
    const { body: window } = await request(app.getHttpServer())
      .post('/api/ingestion/watch-windows')
      .set('authorization', `Bearer ${admin}`)
      .send({ orgUnit: xishan, name: '敏感日', startsAt: at(400), endsAt: at(460), pollIntervalFactor: 0.1 })
      .expect(201);
    await request(app.getHttpServer())
      .post(`/api/ingestion/watch-windows/${window.windowId}/cancellations`)
      .set('authorization', `Bearer ${admin}`)
      .send({ reason: '时段有误' })
      .expect(201, { windowId: window.windowId, status: 'cancelled' });
    const again = await request(app.getHttpServer())
      .post(`/api/ingestion/watch-windows/${window.windowId}/cancellations`)
      .set('authorization', `Bearer ${admin}`)
      .send({ reason: '时段有误' })
      .expect(422);
    expect(again.body.rule).toBe('ingestion.watch-window-cancelled');
    await runUntil(460);
    expect(fetchesBetween(400, 460)).toBeLessThanOrEqual(7);
    const cancelled = await request(app.getHttpServer())
      .get('/api/ingestion/watch-windows?status=cancelled')
      .set('authorization', `Bearer ${await token('monitor')}`)
      .expect(200);
    expect(cancelled.body.watchWindows).toEqual([
      expect.objectContaining({ name: '敏感日', status: 'cancelled', cancelReason: '时段有误' }),
    ]);
  }, 60_000);

  it("speeds up a county's feeds during its city's window", async () => {
    await request(app.getHttpServer())
      .post('/api/ingestion/watch-windows')
      .set('authorization', `Bearer ${await token('internet-office', 'cn.yn.km')}`)
      .send({
        orgUnit: 'cn.yn.km',
        name: '全市重点时段',
        startsAt: at(480),
        endsAt: at(510),
        pollIntervalFactor: 0.1,
      })
      .expect(201);
    await runUntil(510);
    expect(fetchesBetween(480, 510)).toBeGreaterThanOrEqual(27);
  }, 60_000);

  it('refuses invalid windows with each field path, windows outside the caller’s units, and windows already over', async () => {
    const admin = await token('opinion-admin');
    const invalid = await request(app.getHttpServer())
      .post('/api/ingestion/watch-windows')
      .set('authorization', `Bearer ${admin}`)
      .send({ orgUnit: xishan, name: '', startsAt: at(600), endsAt: at(590), pollIntervalFactor: 2 })
      .expect(400);
    expect(invalid.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'endsAt',
      'name',
      'pollIntervalFactor',
    ]);
    const backwards = await request(app.getHttpServer())
      .post('/api/ingestion/watch-windows')
      .set('authorization', `Bearer ${admin}`)
      .send({ orgUnit: xishan, name: '倒置', startsAt: at(600), endsAt: at(590) })
      .expect(400);
    expect(backwards.body.errors).toEqual([{ path: 'endsAt', message: 'must be after startsAt' }]);
    const tooLong = await request(app.getHttpServer())
      .post('/api/ingestion/watch-windows')
      .set('authorization', `Bearer ${admin}`)
      .send({ orgUnit: xishan, name: '过长', startsAt: at(600), endsAt: at(600 + 63 * 24 * 60) })
      .expect(400);
    expect(tooLong.body.errors).toEqual([{ path: 'endsAt', message: 'a window lasts at most 62 days' }]);
    await request(app.getHttpServer())
      .post('/api/ingestion/watch-windows')
      .set('authorization', `Bearer ${admin}`)
      .send({ orgUnit: 'cn.yn.km.gd', name: '别县', startsAt: at(600), endsAt: at(660) })
      .expect(403);
    await request(app.getHttpServer())
      .post('/api/ingestion/watch-windows')
      .set('authorization', `Bearer ${await token('monitor')}`)
      .send({ orgUnit: xishan, name: '监测员', startsAt: at(600), endsAt: at(660) })
      .expect(403);
    const over = await request(app.getHttpServer())
      .post('/api/ingestion/watch-windows')
      .set('authorization', `Bearer ${admin}`)
      .send({ orgUnit: xishan, name: '已过', startsAt: at(0), endsAt: at(30) })
      .expect(422);
    expect(over.body.rule).toBe('ingestion.watch-window-over');
  });

  it('answers a retried request with the same window, and refuses the key for another window', async () => {
    const admin = await token('opinion-admin');
    const send = (name: string) =>
      request(app.getHttpServer())
        .post('/api/ingestion/watch-windows')
        .set('authorization', `Bearer ${admin}`)
        .set('idempotency-key', 'spring-festival-2027')
        .send({ orgUnit: xishan, name, startsAt: at(700), endsAt: at(800) });
    const first = await send('春节').expect(201);
    const retry = await send('春节').expect(201);
    expect(retry.body.windowId).toBe(first.body.windowId);
    const reused = await send('元宵').expect(422);
    expect(reused.body.rule).toBe('ingestion.idempotency-key-reused');
  });
});
