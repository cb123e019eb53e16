import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import { generateSigningKey, TokenVerifier } from '@yuqing/auth';
import { gradingStreams, IncidentDetected } from '@yuqing/contracts';
import { PostgresEventStore, uuidv7 } from '@yuqing/event-store';
import { ConsumerHost, createHttpApp, PG_POOL } from '@yuqing/service-kit';
import { createLogger } from '@yuqing/telemetry';
import { testServiceConfig, uniqueName } from '@yuqing/testing';
import { gradingConfigSchema } from '../grading.config';
import { GradingModule } from '../grading.module';
import { consumed, incidentFormed } from '../testing/facts';
import { FactsHandler } from './facts.handler';

// Issue 19: a later IncidentDetected could move an incident to another unit. An incident is detected once, in one
// unit: the first unit stands; a detection naming another is refused (dead-lettered from Kafka) and records nothing.
const schema = uniqueName('grdunit');
const unit = 'cn.yn.km.yl';
let app: INestApplication;

beforeAll(async () => {
  const key = await generateSigningKey();
  const base = testServiceConfig();
  const config = gradingConfigSchema.parse({
    DATABASE_URL: base.DATABASE_URL,
    KAFKA_BROKERS: base.KAFKA_BROKERS.join(','),
    GRADING_SCHEMA: schema,
    CONSUMER_GROUP_PREFIX: schema,
    CONSUME_FROM: new Date().toISOString(),
    AUTH_ISSUER: 'https://issuer.test',
  });
  const logger = createLogger({ service: 'grading', level: 'silent' });
  const verifier = new TokenVerifier({
    issuer: 'https://issuer.test',
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
}, 60_000);

afterAll(async () => {
  const pool = new Pool({ connectionString: testServiceConfig().DATABASE_URL, max: 1 });
  await app?.close();
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.query(`drop schema if exists ${schema}_auth cascade`);
  await pool.end();
});

it('refuses a detection of a known incident in another unit, and records nothing of it', async () => {
  const consumer = app.get(ConsumerHost);
  const incidentId = uuidv7();
  for (const event of incidentFormed(unit, incidentId, {
    itemId: uuidv7(),
    reachTier: 'city-site',
    outlet: '昆明论坛',
  }))
    await consumer.deliver(FactsHandler, event);
  const before = await app.get(PostgresEventStore).readStream(gradingStreams.incident.id(incidentId));

  const moved = consumed(
    IncidentDetected.type,
    { incidentId, title: '改到别处', itemIds: [uuidv7()], detectedAt: new Date().toISOString() },
    { orgUnit: 'cn.yn.qj.ql', streamId: `ingestion-incident-${incidentId}` },
  );
  await expect(consumer.deliver(FactsHandler, moved)).rejects.toThrow(
    `incident ${incidentId} belongs to another unit than the detection names`,
  );

  const after = await app.get(PostgresEventStore).readStream(gradingStreams.incident.id(incidentId));
  expect(after.map((e) => e.eventId)).toEqual(before.map((e) => e.eventId));
  expect(after.every((e) => e.metadata.orgUnit === unit)).toBe(true);
  const { rows } = await app
    .get<Pool>(PG_POOL)
    .query(`select org_unit from ${schema}.incident_routes where incident_id = $1`, [incidentId]);
  expect(rows).toEqual([{ org_unit: unit }]);
});
