import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import request from 'supertest';
import { generateSigningKey, TokenSigner, TokenVerifier, type Grant } from '@yuqing/auth';
import {
  eventCatalogue,
  ItemCaptured,
  ReleasePublished,
  type EventData,
  type EventMetadata,
  type RecordedEvent,
} from '@yuqing/contracts';
import { PostgresEventStore, ProjectionRunner, uuidv7 } from '@yuqing/event-store';
import { createKafka, ensureTopics, toMessage } from '@yuqing/messaging';
import { createHttpApp } from '@yuqing/service-kit';
import { createLogger } from '@yuqing/telemetry';
import { eventually, testServiceConfig, uniqueName, waitFor } from '@yuqing/testing';
import { guidanceConfigSchema } from '../guidance.config';
import { GuidanceModule } from '../guidance.module';
import { guidanceTopics } from '../guidance.service';

// Releases nobody approved, as the office sees them: official accounts registered over HTTP, a release published
// by guidance, and items published on ingestion's real Kafka topic as ingestion's relay would. Whether an item
// was judged is read from the inbox (its row commits with the effect), never from a sleep.
const schema = uniqueName('guidance_accounts');
const issuer = 'https://issuer.test';
const tag = schema.slice(-8);
const unit = `cn.yn.km.t${tag}`;
const otherUnit = `cn.yn.km.u${tag}`;
const host = `www.t${tag}.gov.cn`;
const weiboName = `宜良发布${tag}`;
const kafka = createKafka({ brokers: testServiceConfig().KAFKA_BROKERS, clientId: `${schema}-test` });
let app: INestApplication;
let signer: TokenSigner;
let pool: Pool;

const RELEASE_TEXT =
  '11月20日上午，宜良县某路段发生路面塌陷，无人员伤亡。县住建局已对现场进行围挡，正在组织抢修，预计三日内恢复通行。';
const releaseUrl = `https://${host}/xwzx/2026/1120-1.html`;

async function token(role: Grant['role'], orgUnit = unit): Promise<string> {
  return signer.sign({
    subject: `${role}-1`,
    kind: 'user',
    grants: [{ grantId: uniqueName('g'), role, orgUnit }],
    scopes: [],
  });
}

async function post(path: string, body: unknown, role: Grant['role'] = 'opinion-admin', orgUnit = unit) {
  return request(app.getHttpServer())
    .post(`/api/guidance${path}`)
    .set('authorization', `Bearer ${await token(role, orgUnit)}`)
    .send(body as object);
}

async function get(path: string, role: Grant['role'] = 'monitor', orgUnit = unit) {
  return request(app.getHttpServer())
    .get(`/api/guidance${path}`)
    .set('authorization', `Bearer ${await token(role, orgUnit)}`);
}

/** An item as ingestion captures it; `over` changes what the case is about. */
function captured(over: Partial<EventData<typeof ItemCaptured>> = {}): EventData<typeof ItemCaptured> {
  const url = over.url ?? `https://${host}/xwzx/2026/${uuidv7()}.html`;
  return {
    itemId: uuidv7(),
    url,
    canonicalUrl: url,
    platform: 'news-site',
    reachTier: 'local',
    outlet: '县政府网',
    title: '关于某路段塌陷原因的说明',
    text: '经初步调查，塌陷系施工单位违规作业所致，相关责任人已被控制。',
    publishedAt: new Date().toISOString(),
    captureMethod: 'crawler',
    capturedAt: new Date().toISOString(),
    contentHash: 'a'.repeat(64),
    fingerprint: '0f3a9c2b7d4e1a65',
    matchedRules: [],
    matchedTerms: [],
    sentiment: { polarity: 'neutral', score: 0, decidingWords: [] },
    ...over,
  };
}

/** Publishes items on ingestion's topic as its relay would (keyed by stream, `tenant`, CloudEvents headers). */
async function publishItems(
  items: readonly EventData<typeof ItemCaptured>[],
  reuseEventIds: readonly string[] = [],
): Promise<string[]> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const ids: string[] = [];
    for (const [i, data] of items.entries()) {
      const metadata: EventMetadata = {
        orgUnit: unit,
        actor: { kind: 'service', id: 'ingestion' },
        correlationId: data.itemId,
      };
      const recorded: RecordedEvent = {
        eventId: reuseEventIds[i] ?? uuidv7(),
        type: ItemCaptured.type,
        schemaVersion: 1,
        streamId: `ingestion-item-${data.itemId}`,
        streamPosition: 1,
        globalPosition: '1',
        transactionId: '1',
        data: eventCatalogue.get(ItemCaptured.type, 1).parse(data),
        metadata,
        recordedAt: new Date(),
      };
      await producer.send({
        topic: ItemCaptured.topic,
        acks: -1,
        messages: [toMessage(recorded, '/yuqing/ingestion')],
      });
      ids.push(recorded.eventId);
    }
    return ids;
  } finally {
    await producer.disconnect();
  }
}

/** Waits until the detection consumer has committed its judgement of every event (the inbox row goes with it). */
async function judged(eventIds: readonly string[]): Promise<void> {
  await waitFor(`the items ${eventIds.join(', ')} to be judged`, async () => {
    const { rows } = await pool.query<{ n: number }>(
      `select count(*)::int as n from ${schema}.inbox where consumer like '%detect-unapproved-releases' and event_id = any($1::uuid[])`,
      [eventIds],
    );
    return rows[0]?.n === eventIds.length;
  });
}

async function detections(): Promise<{ itemId: string; accountId: string; nearestRelease: unknown }[]> {
  return (await get('/unapproved-releases')).body.detections;
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
  });
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
  pool = new Pool({ connectionString: base.DATABASE_URL, max: 2 });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await pool?.query(`drop schema if exists ${schema} cascade`);
  await pool?.query(`drop schema if exists ${schema}_auth cascade`);
  await pool?.end();
});

describe('official accounts', () => {
  it('registers, lists and retires an account of the unit, and refuses what the caller may not do', async () => {
    const body = {
      orgUnit: unit,
      kind: 'forum-account',
      platform: 'forum',
      name: '县论坛官方回复',
      urlPrefixes: [],
      authorNames: [`官方回复${tag}`],
    };
    expect((await post('/accounts', body, 'monitor')).status).toBe(403);
    expect((await post('/accounts', { ...body, orgUnit: otherUnit })).status).toBe(403);
    const bad = await post('/accounts', { ...body, urlPrefixes: ['javascript:alert(1)'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'urlPrefixes[0]' })]),
    );
    expect((await post('/accounts', { ...body, authorNames: [] })).body).toMatchObject({
      status: 422,
      rule: 'guidance.account-unrecognisable',
      field: 'urlPrefixes',
    });

    const registered = await post('/accounts', body);
    expect(registered.status).toBe(201);
    const { accountId } = registered.body as { accountId: string };
    expect((await get(`/accounts/${accountId}`)).body).toMatchObject({
      accountId,
      orgUnit: unit,
      status: 'active',
    });
    expect((await get('/accounts')).body.accounts).toEqual(
      expect.arrayContaining([expect.objectContaining({ accountId, name: '县论坛官方回复' })]),
    );
    expect((await get('/accounts', 'monitor', otherUnit)).body.accounts).toEqual([]);
    expect((await get(`/accounts/${accountId}`, 'monitor', otherUnit)).status).toBe(403);

    const retired = await post(`/accounts/${accountId}/retirements`, { reason: '账号已注销' });
    expect(retired.body).toEqual({ accountId, version: 2 });
    expect((await post(`/accounts/${accountId}/retirements`, { reason: '再次注销' })).body).toMatchObject({
      status: 422,
      rule: 'guidance.account-retired',
    });
    const history = await get(`/accounts/${accountId}/history`, 'auditor');
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
      'guidance.OfficialAccountRegistered',
      'guidance.OfficialAccountRetired',
    ]);
  });
});

describe('releases nobody approved', () => {
  let website: string;
  let weibo: string;
  let releaseId: string;

  beforeAll(async () => {
    website = (
      await post('/accounts', {
        orgUnit: unit,
        kind: 'website',
        platform: 'news-site',
        name: '县人民政府网',
        urlPrefixes: [`https://${host}/xwzx/`],
        authorNames: [],
      })
    ).body.accountId;
    weibo = (
      await post('/accounts', {
        orgUnit: unit,
        kind: 'weibo',
        platform: 'weibo',
        name: weiboName,
        urlPrefixes: [],
        authorNames: [weiboName],
      })
    ).body.accountId;
    // The release as guidance publishes it (approved first by the incident's decider): the event on its stream.
    releaseId = uuidv7();
    const incidentId = uuidv7();
    await app.get(PostgresEventStore).append(
      `guidance-incident-${incidentId}`,
      [
        ReleasePublished.create({
          incidentId,
          releaseId,
          kind: 'news-release',
          channel: '县人民政府网',
          url: releaseUrl,
          publishedAt: new Date().toISOString(),
          text: RELEASE_TEXT,
          wordingId: uuidv7(),
          wordingVersion: 1,
        }),
      ],
      {
        expectedVersion: 'any',
        metadata: { orgUnit: unit, actor: { kind: 'user', id: 'spokesperson-1' }, correlationId: incidentId },
      },
    );
  });

  it('detects an item from a registered account that matches no release, and not the release itself or a copy', async () => {
    const unregistered = captured({
      url: `https://bbs.t${tag}.cn/thread/1`,
      canonicalUrl: `https://bbs.t${tag}.cn/thread/1`,
    });
    const sameAddress = captured({
      url: `${releaseUrl}?utm_source=weibo`,
      canonicalUrl: releaseUrl,
      text: '转发',
    });
    const copy = captured({
      url: `https://weibo.com/t${tag}/P1`,
      canonicalUrl: `https://weibo.com/t${tag}/P1`,
      platform: 'weibo',
      outlet: '新浪微博',
      author: weiboName,
      title: '【通报】某路段路面塌陷',
      text: '11月20日上午，宜良县某路段发生路面塌陷，未造成人员伤亡。县住建局已对现场围挡，正组织抢修，预计3日内恢复通行。',
    });
    const unapproved = captured();
    const ids = await publishItems([unregistered, sameAddress, copy, unapproved]);
    await judged(ids);

    const found = await detections();
    expect(found).toEqual([
      expect.objectContaining({
        itemId: unapproved.itemId,
        accountId: website,
        accountName: '县人民政府网',
        orgUnit: unit,
        url: unapproved.url,
        title: unapproved.title,
        nearestRelease: expect.objectContaining({ releaseId, url: releaseUrl }),
        ruleSetVersion: 'guidance-detection@1',
      }),
    ]);
    expect((await get('/unapproved-releases', 'monitor', otherUnit)).body.detections).toEqual([]);
    const history = await get(`/accounts/${website}/history`);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
      'guidance.OfficialAccountRegistered',
      'guidance.UnapprovedReleaseDetected',
    ]);
    expect(history.body.events[1].metadata).toMatchObject({ orgUnit: unit, causationId: ids[3] });
  }, 60_000);

  it('detects once when the item is delivered again or captured again, and nothing from a retired account', async () => {
    const before = await detections();
    const first = before[0] as { itemId: string };
    const again = captured({ itemId: first.itemId, url: `https://${host}/xwzx/2026/again.html` });
    expect((await post(`/accounts/${weibo}/retirements`, { reason: '账号已并入县融媒体中心' })).status).toBe(
      201,
    );
    const fromRetired = captured({
      url: `https://weibo.com/t${tag}/P2`,
      canonicalUrl: `https://weibo.com/t${tag}/P2`,
      platform: 'weibo',
      outlet: '新浪微博',
      author: weiboName,
    });
    const ids = await publishItems([again, fromRetired]);
    await judged(ids);
    expect(await detections()).toEqual(before);
    // The sentinel: a fresh unapproved item is detected, so the consumer was live while the others passed.
    const sentinel = captured();
    await judged(await publishItems([sentinel]));
    const after = await eventually('the sentinel detection', async () => {
      const all = await detections();
      return all.length === 2 ? all : undefined;
    });
    expect(after.map((d) => d.itemId)).toEqual([sentinel.itemId, first.itemId]);
  }, 60_000);

  it('rebuilds the accounts and detections equal to the live tables', async () => {
    const report = await app
      .get(ProjectionRunner)
      .verify(['guidance.official-accounts', 'guidance.published-releases']);
    expect(report).toMatchObject({ ok: true });
  });
});
