import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import request from 'supertest';
import { generateSigningKey, TokenSigner, TokenVerifier, type Grant } from '@yuqing/auth';
import { ItemCaptured, type EventData } from '@yuqing/contracts';
import { uuidv7 } from '@yuqing/event-store';
import { ConsumerHost, createHttpApp, receivedEvent } from '@yuqing/service-kit';
import { createLogger } from '@yuqing/telemetry';
import { testServiceConfig, uniqueName } from '@yuqing/testing';
import { DetectUnapprovedReleasesHandler } from '../detect-unapproved-releases/detect-unapproved-releases.handler';
import { guidanceConfigSchema } from '../guidance.config';
import { GuidanceModule } from '../guidance.module';

// What `npm start` shows of guidance: the 路面塌陷 incident's response (plan, approved wording, a published reply on
// 宜良发布), and of the two posts ingestion's demo feed of that account brings, only the unapproved one detected.
// The posts are handed to the detection consumer as Kafka would (ConsumerHost.deliver); the Kafka path itself is
// detect-unapproved-releases.int.spec.ts's.

const schema = uniqueName('guidance_demo');
const issuer = 'https://issuer.test';
const feeds = 'http://127.0.0.1:3101';
const COUNTY = 'cn.yn.km.yl';
let signer: TokenSigner;
let verifier: TokenVerifier;
let app: INestApplication;

const config = () =>
  guidanceConfigSchema.parse({
    DATABASE_URL: testServiceConfig().DATABASE_URL,
    KAFKA_BROKERS: testServiceConfig().KAFKA_BROKERS.join(','),
    GUIDANCE_SCHEMA: schema,
    CONSUMER_GROUP_PREFIX: schema,
    CONSUME_FROM: new Date().toISOString(),
    AUTH_ISSUER: issuer,
    YUQING_DEMO: '1',
    DEMO_FEEDS_URL: feeds,
    GUIDANCE_DEADLINE_WATCHER: 'off',
  });

async function start(): Promise<INestApplication> {
  const c = config();
  const logger = createLogger({ service: 'guidance', level: 'silent' });
  const started = await createHttpApp(
    GuidanceModule.register({ serviceName: 'guidance', config: c, logger, requiredTopics: [] }, c, {
      verifier,
    }),
    logger,
    '1mb',
  );
  await started.init();
  return started;
}

async function get(path: string, role: Grant['role'] = 'publicity-department') {
  const token = await signer.sign({
    subject: 'yl.publicity',
    kind: 'user',
    grants: [{ grantId: uniqueName('g'), role, orgUnit: COUNTY }],
    scopes: [],
  });
  return request(app.getHttpServer()).get(`/api/guidance${path}`).set('authorization', `Bearer ${token}`);
}

/** A post of 宜良发布 as ingestion's demo feed serves it and ingestion captures it. */
function post(id: string, title: string, text: string): EventData<typeof ItemCaptured> {
  const url = `${feeds}/yl-weibo/${id}.html`;
  return {
    itemId: uuidv7(),
    url,
    canonicalUrl: url,
    platform: 'weibo',
    reachTier: 'local',
    outlet: '宜良发布',
    title,
    text,
    publishedAt: new Date().toISOString(),
    captureMethod: 'crawler',
    capturedAt: new Date().toISOString(),
    contentHash: 'b'.repeat(64),
    fingerprint: '1f3a9c2b7d4e1a65',
    matchedRules: [],
    matchedTerms: [],
    sentiment: { polarity: 'neutral', score: 0, decidingWords: [] },
  };
}

beforeAll(async () => {
  const key = await generateSigningKey();
  signer = new TokenSigner({ key, issuer, audience: 'yuqing' });
  verifier = new TokenVerifier({ issuer, audience: 'yuqing', keys: { jwks: { keys: [key.publicJwk] } } });
  app = await start();
}, 60_000);

afterAll(async () => {
  await app?.close();
  const pool = new Pool({ connectionString: testServiceConfig().DATABASE_URL, max: 1 });
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.query(`drop schema if exists ${schema}_auth cascade`);
  await pool.end();
});

describe('the guidance demo (npm start)', () => {
  it('shows the 路面塌陷 response: a 一级 plan, an approved wording and the reply published on 宜良发布', async () => {
    const response = await get('/responses/demo-yl-road-collapse');
    expect(response.status).toBe(200);
    const body = response.body as {
      wordings: { status: string }[];
      releases: { status: string; url?: string; kind: string }[];
    };
    expect(JSON.stringify(response.body)).toContain('propaganda-department');
    expect(body.wordings.map((w) => w.status)).toEqual(['approved']);
    expect(body.releases).toEqual([
      expect.objectContaining({ kind: 'weibo-post', status: 'published', url: `${feeds}/yl-weibo/1.html` }),
    ]);
    const accounts = await get('/accounts');
    expect(JSON.stringify(accounts.body)).toContain('宜良发布');
  });

  it('detects the post nobody approved and not the published reply', async () => {
    const consumer = app.get(ConsumerHost);
    const published = post(
      '1',
      '宜良发布：关于匡远街道路面塌陷的情况通报',
      '县交通运输局已设置围挡，抢修正在进行。',
    );
    const unapproved = post(
      '2',
      '宜良发布：匡远街道路面塌陷系施工单位违规作业所致',
      '经初步调查，宜良县匡远街道路面塌陷系管网施工单位违规作业所致，相关责任人已被停职检查。',
    );
    for (const item of [published, unapproved])
      await consumer.deliver(
        DetectUnapprovedReleasesHandler,
        receivedEvent(ItemCaptured.type, item, COUNTY, { streamId: `ingestion-item-${item.itemId}` }),
      );
    const detections = (await get('/unapproved-releases')).body.detections as { itemId: string }[];
    expect(detections.map((d) => d.itemId)).toEqual([unapproved.itemId]);
  });

  it('adds nothing when the service restarts', async () => {
    const before = (await get('/responses/demo-yl-road-collapse/history')).body as { events: unknown[] };
    // Grade, plan and authority, wording drafted and approved, release prepared, approved and published.
    expect(before.events.length).toBeGreaterThanOrEqual(8);
    await app.close();
    app = await start();
    const after = (await get('/responses/demo-yl-road-collapse/history')).body;
    expect(after).toEqual(before);
    const accounts = (await get('/accounts')).body as { accounts: unknown[] };
    expect(accounts.accounts).toHaveLength(1);
  });
});
