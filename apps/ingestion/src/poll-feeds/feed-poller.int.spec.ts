import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MonitoringRuleDefined, SourceRegistered, type EventMetadata } from '@yuqing/contracts';
import { migrate, PostgresEventStore } from '@yuqing/event-store';
import { testDatabase } from '@yuqing/testing';
import { CaptureService } from '../capture-items/capture';
import { projections } from '../read-models';
import { readModelMigrations } from '../read-models/schema';
import { FeedPoller } from './feed-poller';
import { forumFeedUtf8, newsFeedGbk } from './testing/feeds';

// Feeds served on 127.0.0.1, as outlets publish them: a city forum in UTF-8 and a provincial news site in GBK
// carry one story; the poller turns them into one incident, keeps an unrelated post apart, marks a broken
// feed failing without stopping, and refuses a feed address that points inside the network.
const db = testDatabase('feeds');
const words = new Map<string, readonly string[]>();
const store = new PostgresEventStore({
  pool: db.pool,
  schema: db.schema,
  projections: projections(db.schema, words),
});
const orgUnit = 'cn.yn.km.xs';
const metadata: EventMetadata = {
  orgUnit,
  actor: { kind: 'user', id: 'admin-1', role: 'opinion-admin' },
  correlationId: 'setup',
};
// Sources fall due from their registration (database time), so the test clock starts now.
let clock = new Date();
const pipeline = new CaptureService(store, words, () => clock);
let server: Server;
let base: string;
const requests: { path: string; status: number }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const reply = (status: number, body?: string | Buffer, headers: Record<string, string> = {}) => {
      requests.push({ path: req.url ?? '', status });
      res.writeHead(status, headers).end(body);
    };
    if (req.url === '/forum.xml') {
      if (req.headers['if-none-match'] === '"forum-v1"') return reply(304);
      return reply(200, forumFeedUtf8(base), {
        'content-type': 'application/rss+xml; charset=utf-8',
        etag: '"forum-v1"',
      });
    }
    if (req.url === '/news.xml') return reply(200, newsFeedGbk(base), { 'content-type': 'text/xml' });
    if (req.url === '/broken.xml')
      return reply(200, '<html><body>维护中</body></html>', { 'content-type': 'text/html' });
    reply(404);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  await migrate(db.pool, db.schema, [...store.migrations(), ...readModelMigrations(db.schema)]);
  await store.append(
    'ingestion-rule-xishan',
    [
      MonitoringRuleDefined.create({
        ruleId: 'xishan',
        ruleVersion: 1,
        name: '西山区',
        expression: '西山区 AND (污染 OR 欠薪)',
        platforms: [],
        active: true,
      }),
    ],
    { expectedVersion: 'no_stream', metadata },
  );
  const sources = [
    {
      sourceId: 'forum',
      name: '昆明信息港论坛',
      feedUrl: `${base}/forum.xml`,
      platform: 'forum',
      reachTier: 'city-site',
    },
    {
      sourceId: 'news',
      name: '云南某新闻网',
      feedUrl: `${base}/news.xml`,
      platform: 'news-site',
      reachTier: 'provincial-portal',
    },
    {
      sourceId: 'broken',
      name: '某论坛（维护中）',
      feedUrl: `${base}/broken.xml`,
      platform: 'forum',
      reachTier: 'local',
    },
    {
      sourceId: 'inside',
      name: '内网地址',
      feedUrl: `${base.replace('127.0.0.1', 'localhost')}/forum.xml`,
      platform: 'forum',
      reachTier: 'local',
    },
  ] as const;
  for (const source of sources) {
    await store.append(
      `ingestion-source-${source.sourceId}`,
      [SourceRegistered.create({ ...source, url: source.feedUrl, pollSeconds: 300 })],
      { expectedVersion: 'no_stream', metadata },
    );
  }
  // Now that they are registered: loading the capture service (its IDF table) may take a while on a busy machine.
  clock = new Date();
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db.drop();
});

function poller(): FeedPoller {
  // Only the test server's own host:port is allow-listed; `localhost` on the same port is not.
  return new FeedPoller({
    store,
    pool: db.pool,
    pipeline,
    allowlist: [new URL(base).host],
    defaultPollSeconds: 300,
    now: () => clock,
  });
}

it('turns a UTF-8 and a GBK feed carrying one story into one incident, and keeps an unrelated post apart', async () => {
  clock = new Date(clock.getTime() + 1000);
  expect(await poller().pollDue(10)).toBe(4);

  const { rows: items } = await db.pool.query<{
    outlet: string;
    reach_tier: string;
    incident_id: string;
    title: string;
  }>(`select outlet, reach_tier, incident_id, title from ${db.schema}.items order by outlet, title`);
  expect(items.map(({ outlet, reach_tier, title }) => [outlet, reach_tier, title])).toEqual([
    ['云南某新闻网', 'provincial-portal', '【转载】西山区碧鸡街道河道污染严重，居民投诉无人管'],
    ['昆明信息港论坛', 'city-site', '西山区某工地拖欠农民工工资三个月'],
    ['昆明信息港论坛', 'city-site', '西山区碧鸡街道河道污染严重，居民投诉无人管'],
  ]);
  const [news, wages, forum] = items;
  expect(news!.incident_id).toBe(forum!.incident_id);
  expect(wages!.incident_id).not.toBe(forum!.incident_id);
  const { rows: incident } = await db.pool.query(
    `select item_count, widest_reach from ${db.schema}.incidents where incident_id = $1`,
    [forum!.incident_id],
  );
  expect(incident[0]).toEqual({ item_count: 2, widest_reach: 'provincial-portal' });
});

it('records a broken feed and an internal address as failing sources, with the reason and a backoff', async () => {
  const { rows } = await db.pool.query<{
    stream_id: string;
    data: { reason: string; consecutiveFailures: number; nextAttemptAt: string };
  }>(
    `select stream_id, data from ${db.schema}.events where event_type = 'ingestion.SourceFetchFailed' order by stream_id`,
  );
  expect(rows.map((r) => r.stream_id)).toEqual(['ingestion-source-broken', 'ingestion-source-inside']);
  expect(rows[0]!.data.reason).toMatch(/^not a readable RSS or Atom feed/);
  expect(rows[1]!.data.reason).toMatch(/^localhost resolves to 127\.0\.0\.1, an internal address/);
  expect(new Date(rows[0]!.data.nextAttemptAt).getTime() - clock.getTime()).toBe(600_000);
  expect(requests.some((r) => r.path === '/forum.xml' && r.status === 200)).toBe(true);
});

it('asks again with the ETag when due, and a 304 adds nothing', async () => {
  const before = (await db.pool.query(`select count(*)::int as n from ${db.schema}.events`)).rows[0].n;
  clock = new Date(clock.getTime() + 301_000);
  await poller().pollDue(10);
  expect(requests.filter((r) => r.path === '/forum.xml').map((r) => r.status)).toEqual([200, 304]);
  const after = (await db.pool.query(`select count(*)::int as n from ${db.schema}.events`)).rows[0].n;
  expect(after).toBe(before);
});
