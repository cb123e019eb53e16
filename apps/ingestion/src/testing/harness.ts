import { Pool } from 'pg';
import { TokenVerifier } from '@yuqing/auth';
import { ingestionStreams, platformTopics, WatchWindowScheduled } from '@yuqing/contracts';
import { PostgresEventStore, uuidv7 } from '@yuqing/event-store';
import { createKafka, ensureTopics } from '@yuqing/messaging';
import { createHttpApp } from '@yuqing/service-kit';
import { createLogger } from '@yuqing/telemetry';
import { AdjustableClock, type MatrixRequest, type ServiceHarness } from '@yuqing/testing';
import { CaptureService } from '../capture-items/capture';
import { ingestionConfigSchema } from '../ingestion.config';
import { IngestionModule } from '../ingestion.module';

/** A valid item to capture; each call a new one. */
const item = () => {
  const n = uuidv7();
  return {
    url: `https://bbs.matrix.example.cn/thread/${n}`,
    platform: 'forum' as const,
    reachTier: 'local' as const,
    outlet: '矩阵测试论坛',
    title: `河道污染投诉 ${n}`,
    text: '村民反映河道污染，希望尽快处理。',
    captureMethod: 'manual' as const,
  };
};

/** A second story, clustered apart from `item()`'s: the other incident a correction names. */
const otherItem = () => ({
  ...item(),
  title: `景区索道停运游客滞留 ${uuidv7()}`,
  text: '景区索道因故障停运，数十名游客滞留山顶，景区正在组织疏散。',
});

/** What seeding left in a unit, beyond the resolvers' fixtures: another incident and its item. */
interface Seeded {
  readonly otherIncidentId: string;
  readonly itemId: string;
}

/**
 * A valid request for each write endpoint, so the access matrix's allowed cells are really served. Keyed by the
 * endpoint as Nest declares it; the matrix adds the org unit (body.orgUnit) and resolver ids (params) itself.
 * Corrections repeat on the same incidents: after the first merge or split, the domain refuses the same again
 * (422), which the matrix counts as served.
 */
const requests: Record<string, (orgUnit: string, seeded: Seeded) => MatrixRequest> = {
  'POST /api/ingestion/sources': () => ({
    body: {
      name: '矩阵测试网',
      url: 'https://news.matrix.example.cn/',
      platform: 'news-site',
      reachTier: 'local',
    },
  }),
  'PUT /api/ingestion/rules/:ruleId': (orgUnit) => ({
    params: { ruleId: `matrix-${orgUnit.replace(/\./g, '-')}` },
    body: { name: '矩阵测试规则', expression: '河道 AND 污染' },
  }),
  'POST /api/ingestion/items': () => ({ body: { items: [item()] } }),
  'POST /api/ingestion/transfers': () => ({
    body: {
      item: item(),
      transferReference: `matrix-${uuidv7()}`,
      respondBy: new Date(Date.now() + 86_400_000).toISOString(),
    },
  }),
  'POST /api/ingestion/imports': () => {
    const { url, title } = item();
    return {
      body: {
        format: 'csv',
        content: `url,platform,outlet,title,text\n${url},论坛,矩阵测试论坛,${title},河道污染`,
      },
    };
  },
  'POST /api/ingestion/items/:itemId/verifications': () => ({
    body: { accuracy: 'accurate', findings: '经核实，情况属实。', evidence: [] },
  }),
  'POST /api/ingestion/items/:itemId/dismissals': () => ({
    body: { reason: 'not-public-opinion', explanation: '广告信息。', evidence: [] },
  }),
  'POST /api/ingestion/watch-windows': () => ({
    body: {
      name: '矩阵测试重点时段',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      pollIntervalFactor: 0.5,
    },
  }),
  'POST /api/ingestion/watch-windows/:windowId/cancellations': () => ({ body: { reason: '矩阵测试取消' } }),
  'POST /api/ingestion/items/:itemId/moves': (_unit, seeded) => ({
    body: { toIncidentId: seeded.otherIncidentId, reason: '矩阵测试改归' },
  }),
  'POST /api/ingestion/incidents/:incidentId/merges': (_unit, seeded) => ({
    body: { mergedIncidentId: seeded.otherIncidentId, reason: '矩阵测试合并' },
  }),
  'POST /api/ingestion/incidents/:incidentId/splits': (_unit, seeded) => ({
    body: { itemIds: [seeded.itemId], reason: '矩阵测试拆分' },
  }),
};

/** The ingestion service in the platform under test: tokens of the platform's issuer, its own schemas. */
export const harness: ServiceHarness = {
  async start(context) {
    const config = ingestionConfigSchema.parse({
      DATABASE_URL: context.base.DATABASE_URL,
      KAFKA_BROKERS: context.base.KAFKA_BROKERS.join(','),
      LOG_LEVEL: context.base.LOG_LEVEL,
      INGESTION_SCHEMA: context.schema,
      CONSUMER_GROUP_PREFIX: context.schema,
      FEED_POLLER: 'off',
      AUTH_ISSUER: context.issuer,
      AUTH_AUDIENCE: context.audience,
    });
    await ensureTopics(
      createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'ingestion-test-setup' }),
      platformTopics().filter((t) => /^yuqing\.(ingestion|identity)\./.test(t.topic)),
    );
    const logger = createLogger({ service: 'ingestion', level: 'silent' });
    const app = await createHttpApp(
      IngestionModule.register(
        // A clock tests move (app.get(Clock)), so that time passes between captures without waiting.
        { serviceName: 'ingestion', config, logger, requiredTopics: [], clock: new AdjustableClock() },
        config,
        {
          verifier: new TokenVerifier({
            issuer: context.issuer,
            audience: context.audience,
            keys: context.keys,
          }),
        },
      ),
      logger,
      '4mb',
    );
    await app.listen(0, '127.0.0.1');
    return {
      app,
      url: (await app.getUrl()).replace('[::1]', '127.0.0.1'),
      async seedMatrix(orgUnits) {
        // One item, in one incident, in each unit: transferred in, so no monitoring rule has to match.
        const pipeline = app.get(CaptureService);
        const store = app.get(PostgresEventStore);
        const items: Record<string, string> = {};
        const incidents: Record<string, string> = {};
        const windows: Record<string, string> = {};
        const seeded: Record<string, Seeded> = {};
        for (const orgUnit of orgUnits) {
          const windowId = uuidv7();
          await store.append(
            ingestionStreams.watchWindow.id(windowId),
            [
              WatchWindowScheduled.create({
                windowId,
                name: '矩阵测试重点时段',
                startsAt: new Date(Date.now() + 86_400_000).toISOString(),
                endsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
                pollIntervalFactor: 0.5,
              }),
            ],
            {
              expectedVersion: 'no_stream',
              metadata: { orgUnit, actor: { kind: 'service', id: 'access-matrix' }, correlationId: windowId },
            },
          );
          windows[orgUnit] = windowId;
          const [outcome] = await pipeline.capture({
            orgUnit,
            actor: { kind: 'service', id: 'access-matrix' },
            correlationId: uuidv7(),
            candidates: [
              {
                ...item(),
                transfer: {
                  fromOrgUnitId: 'cn.yn',
                  transferReference: `seed-${uuidv7()}`,
                  transferredAt: new Date().toISOString(),
                  respondBy: new Date(Date.now() + 86_400_000).toISOString(),
                },
              },
            ],
          });
          if (outcome?.status !== 'captured')
            throw new Error(`seeding ${orgUnit} gave ${JSON.stringify(outcome)}`);
          items[orgUnit] = outcome.itemId;
          incidents[orgUnit] = outcome.incidentId;
          // Another incident of the unit, for the corrections (改归 / 合并) to name.
          const [other] = await pipeline.capture({
            orgUnit,
            actor: { kind: 'service', id: 'access-matrix' },
            correlationId: uuidv7(),
            candidates: [otherItem()],
          });
          if (other?.status !== 'captured' || other.incidentId === outcome.incidentId)
            throw new Error(`seeding a second incident in ${orgUnit} gave ${JSON.stringify(other)}`);
          seeded[orgUnit] = { otherIncidentId: other.incidentId, itemId: outcome.itemId };
        }
        return {
          resolved: { item: items, incident: incidents, 'watch-window': windows },
          request: (endpoint, orgUnit) => requests[endpoint]?.(orgUnit, seeded[orgUnit]!),
        };
      },
      async close() {
        await app.close();
        const pool = new Pool({ connectionString: config.DATABASE_URL, max: 1 });
        await pool.query(`drop schema if exists ${context.schema} cascade`);
        await pool.query(`drop schema if exists ${context.schema}_auth cascade`);
        await pool.end();
      },
    };
  },
};
