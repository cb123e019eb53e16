import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { Pool } from 'pg';
import { generateSigningKey, TokenSigner, TokenVerifier, type Grant } from '@yuqing/auth';
import { platformTopics, type Grade } from '@yuqing/contracts';
import { createKafka, ensureTopics } from '@yuqing/messaging';
import type { ReportingPolicy } from '@yuqing/reporting-domain';
import { createHttpApp, PG_POOL } from '@yuqing/service-kit';
import { createLogger } from '@yuqing/telemetry';
import { AdjustableClock, testConsumeFrom, testServiceConfig, uniqueName } from '@yuqing/testing';
import { reportingConfigSchema, type ReportingConfig } from '../reporting.config';
import { ReportingModule } from '../reporting.module';
import { IncidentReporting } from '../incidents/incident-reporting';

// Test code: the reporting service started from its module on a free port, with an adjustable clock, for the
// integration tests, the platform harness and the end-to-end tests.

export interface StartedReporting {
  readonly app: INestApplication;
  readonly url: string;
  readonly config: ReportingConfig;
  readonly clock: AdjustableClock;
  readonly pool: Pool;
  close(): Promise<void>;
}

export async function startReporting(options: {
  readonly env: Record<string, string>;
  readonly verifier: TokenVerifier;
  readonly policy?: ReportingPolicy;
  readonly clock?: AdjustableClock;
}): Promise<StartedReporting> {
  const config = reportingConfigSchema.parse({
    WATCHER_POLL_MS: '100',
    NOTIFIER_POLL_MS: '100',
    // The test file's own topics: from their first event (testConsumeFrom says why).
    CONSUME_FROM: testConsumeFrom(),
    LOG_LEVEL: 'silent',
    // Consumer groups of the run's own (`<schema>.open-obligations-grades`, …).
    ...(options.env.REPORTING_SCHEMA ? { CONSUMER_GROUP_PREFIX: options.env.REPORTING_SCHEMA } : {}),
    ...options.env,
  });
  await ensureTopics(
    createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'reporting-test-setup' }),
    platformTopics().filter((t) => /^yuqing\.(reporting|grading|ingestion|identity)\./.test(t.topic)),
  );
  const clock = options.clock ?? new AdjustableClock();
  const logger = createLogger({ service: 'reporting', level: config.LOG_LEVEL });
  const app = await createHttpApp(
    ReportingModule.register({ serviceName: 'reporting', config, logger, requiredTopics: [] }, config, {
      verifier: options.verifier,
      clock,
      ...(options.policy ? { policy: options.policy } : {}),
    }),
    logger,
  );
  await app.listen(0, '127.0.0.1');
  const pool = app.get<Pool>(PG_POOL);
  const schema = config.REPORTING_SCHEMA;
  return {
    app,
    url: (await app.getUrl()).replace('[::1]', '127.0.0.1'),
    config,
    clock,
    pool,
    async close() {
      await app.close();
      const { Pool: PgPool } = await import('pg');
      const cleanup = new PgPool({ connectionString: config.DATABASE_URL, max: 1 });
      await cleanup.query(`drop schema if exists ${schema} cascade`);
      await cleanup.query(`drop schema if exists ${schema}_auth cascade`);
      await cleanup.end();
    },
  };
}

export interface TestReporting extends StartedReporting {
  /** A token of a user with one grant of `role` in `orgUnit` (the county by default), signed for this service. */
  token(role: Grant['role'], orgUnit?: string): Promise<string>;
}

/**
 * The service for an integration test: a schema of its own (`schemaPrefix` and a unique suffix) on the test
 * servers, and tokens signed by a key of the test's own.
 */
export async function startTestReporting(options: {
  readonly schemaPrefix: string;
  readonly env?: Record<string, string>;
  readonly policy?: ReportingPolicy;
  readonly clock?: AdjustableClock;
}): Promise<TestReporting> {
  const issuer = 'https://issuer.reporting.test';
  const key = await generateSigningKey();
  const signer = new TokenSigner({ key, issuer, audience: 'yuqing' });
  const base = testServiceConfig();
  const started = await startReporting({
    env: {
      DATABASE_URL: base.DATABASE_URL,
      KAFKA_BROKERS: base.KAFKA_BROKERS.join(','),
      REPORTING_SCHEMA: uniqueName(options.schemaPrefix),
      AUTH_ISSUER: issuer,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      ...options.env,
    },
    verifier: new TokenVerifier({ issuer, audience: 'yuqing', keys: { jwks: { keys: [key.publicJwk] } } }),
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    ...started,
    token: (role, orgUnit = 'cn.yn.km.yl') =>
      signer.sign({
        subject: `${role}-1`,
        kind: 'user',
        grants: [{ grantId: uniqueName('g'), role, orgUnit }],
        scopes: [],
      }),
  };
}

/** Opens an incident's obligations as if grading and ingestion had published (no Kafka round trip). */
export async function grade(
  app: INestApplication,
  incident: {
    incidentId: string;
    orgUnit: string;
    grade: Grade;
    aroseAt: Date;
    gradedAt: Date;
    title?: string;
  },
): Promise<void> {
  const pool = app.get<Pool>(PG_POOL);
  const reporting = app.get(IncidentReporting);
  const schema = reporting.schema;
  await pool.query(
    `insert into ${schema}.incident_facts (incident_id, org_unit, title, first_captured_at) values ($1, $2, $3, $4)
     on conflict (incident_id) do nothing`,
    [
      incident.incidentId,
      incident.orgUnit,
      incident.title ?? `测试舆情 ${incident.incidentId}`,
      incident.aroseAt,
    ],
  );
  await reporting.execute(
    incident.incidentId,
    {
      kind: 'open-for-grade',
      incidentId: incident.incidentId,
      orgUnit: incident.orgUnit,
      grade: incident.grade,
      gradeEventId: `${incident.incidentId}-grade-${incident.grade.level}${incident.grade.exceptional ? '-x' : ''}`,
      gradedAt: incident.gradedAt.toISOString(),
      incidentStart: { firstCapturedAt: incident.aroseAt.toISOString() },
    },
    { orgUnit: incident.orgUnit, actor: { kind: 'service', id: 'test' }, correlationId: incident.incidentId },
  );
}

/** A new incident of `orgUnit` (the county by default) arising and graded now; its obligations are open. */
export async function gradedNow(
  reporting: TestReporting,
  level: Grade['level'],
  title: string,
  orgUnit = 'cn.yn.km.yl',
): Promise<string> {
  const incidentId = uniqueName('inc');
  const now = reporting.clock.now();
  await grade(reporting.app, {
    incidentId,
    orgUnit,
    grade: { level, exceptional: false },
    aroseAt: now,
    gradedAt: now,
    title,
  });
  return incidentId;
}

/** The obligation of `kind` an incident owes, as an office reads it from the API. */
export async function obligationOf(
  reporting: TestReporting,
  incidentId: string,
  kind: string,
): Promise<{ obligationId: string; dueAt: string }> {
  const response = await request(reporting.app.getHttpServer())
    .get(`/api/reporting/obligations?incidentId=${incidentId}`)
    .set('authorization', `Bearer ${await reporting.token('opinion-admin')}`)
    .expect(200);
  const found = (response.body.obligations as { kind: string; obligationId: string; dueAt: string }[]).find(
    (o) => o.kind === kind,
  );
  if (!found) throw new Error(`no ${kind} obligation for ${incidentId}`);
  return found;
}

/** Supertest buffers text only: a document's bytes are collected whole. */
export const asBytes: Parameters<request.Test['parse']>[0] = (res, callback) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};
