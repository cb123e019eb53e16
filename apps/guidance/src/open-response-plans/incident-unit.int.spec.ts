import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import { generateSigningKey, TokenVerifier } from '@yuqing/auth';
import { guidanceStreams } from '@yuqing/contracts';
import { PostgresEventStore, uuidv7 } from '@yuqing/event-store';
import { ConsumerHost, createHttpApp } from '@yuqing/service-kit';
import { createLogger } from '@yuqing/telemetry';
import { testServiceConfig, uniqueName } from '@yuqing/testing';
import { guidanceConfigSchema } from '../guidance.config';
import { GuidanceModule } from '../guidance.module';
import { fromGrading, gradedWithPlan, LEVEL_3 } from '../testing/grading-events';
import { ResponsePlansHandler } from './open-response-plans.handler';

// Issue 19: an incident's unit must not move with a later event that names another. The response plan stays in the
// unit it opened in; grading's event naming another unit is refused (dead-lettered from Kafka) and appends nothing.
const schema = uniqueName('guid_unit');
const UNIT = 'cn.yn.km.yl';
let app: INestApplication;

beforeAll(async () => {
  const key = await generateSigningKey();
  const base = testServiceConfig();
  const config = guidanceConfigSchema.parse({
    DATABASE_URL: base.DATABASE_URL,
    KAFKA_BROKERS: base.KAFKA_BROKERS.join(','),
    GUIDANCE_SCHEMA: schema,
    CONSUMER_GROUP_PREFIX: schema,
    CONSUME_FROM: new Date().toISOString(),
    AUTH_ISSUER: 'https://issuer.test',
    GUIDANCE_DEADLINE_WATCHER: 'off',
  });
  const logger = createLogger({ service: 'guidance', level: 'silent' });
  const verifier = new TokenVerifier({
    issuer: 'https://issuer.test',
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
  await app?.close();
  const pool = new Pool({ connectionString: testServiceConfig().DATABASE_URL, max: 1 });
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.query(`drop schema if exists ${schema}_auth cascade`);
  await pool.end();
});

it('refuses grading’s event for an incident whose response is in another unit, and appends nothing', async () => {
  const consumer = app.get(ConsumerHost);
  const incidentId = uuidv7();
  for (const event of gradedWithPlan(incidentId, UNIT)) await consumer.deliver(ResponsePlansHandler, event);
  const stream = guidanceStreams.response.id(incidentId);
  const before = await app.get(PostgresEventStore).readStream(stream);
  expect(before.length).toBeGreaterThan(0);

  const elsewhere = fromGrading(
    'grading.GradeConfirmed',
    { incidentId, proposalId: uuidv7(), grade: { ...LEVEL_3 }, note: '改到别处。' },
    'cn.yn.qj.ql',
  );
  await expect(consumer.deliver(ResponsePlansHandler, elsewhere)).rejects.toThrow(
    `incident ${incidentId} belongs to another unit than the event names`,
  );
  const after = await app.get(PostgresEventStore).readStream(stream);
  expect(after.map((e) => e.eventId)).toEqual(before.map((e) => e.eventId));
  expect(after.every((e) => e.metadata.orgUnit === UNIT)).toBe(true);
});
