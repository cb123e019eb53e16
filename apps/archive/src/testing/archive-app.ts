import type { INestApplication } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import { generateSigningKey, TokenSigner, TokenVerifier, type Grant } from '@yuqing/auth';
import { createKafka, ensureTopics } from '@yuqing/messaging';
import { createHttpApp } from '@yuqing/service-kit';
import { createLogger } from '@yuqing/telemetry';
import { testConsumeFrom, testServiceConfig, uniqueName } from '@yuqing/testing';
import { archiveConfigSchema } from '../archive.config';
import { ArchiveModule } from '../archive.module';
import { archiveTopics } from '../archive.service';

const ISSUER = 'https://issuer.test';

/** The archive module on real PostgreSQL and Kafka, in a schema of its own, with tokens a spec signs itself. */
export interface ArchiveTestApp {
  readonly app: INestApplication;
  readonly schema: string;
  readonly kafka: Kafka;
  readonly signer: TokenSigner;
  /** A second pool, for what a spec reads or changes behind the service's back. */
  readonly pool: Pool;
  /** A user token of `role` in `orgUnit` (subject `<role>-1` unless given). */
  token(role: Grant['role'], orgUnit: string, subject?: string): Promise<string>;
  /** Stops the app first (its relay and consumers end before their tables go), then drops its schemas. */
  close(): Promise<void>;
}

export async function startArchive(schema = uniqueName('archive')): Promise<ArchiveTestApp> {
  const key = await generateSigningKey();
  const signer = new TokenSigner({ key, issuer: ISSUER, audience: 'yuqing' });
  const base = testServiceConfig();
  const config = archiveConfigSchema.parse({
    DATABASE_URL: base.DATABASE_URL,
    KAFKA_BROKERS: base.KAFKA_BROKERS.join(','),
    ARCHIVE_SCHEMA: schema,
    CONSUMER_GROUP_PREFIX: schema,
    // The test file's own topics: from their first event (testConsumeFrom says why).
    CONSUME_FROM: testConsumeFrom(),
    AUTH_ISSUER: ISSUER,
  });
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${schema}-int` });
  await ensureTopics(kafka, archiveTopics);
  const pool = new Pool({ connectionString: base.DATABASE_URL, max: 2 });
  const logger = createLogger({ service: 'archive', level: 'silent' });
  const verifier = new TokenVerifier({
    issuer: ISSUER,
    audience: 'yuqing',
    keys: { jwks: { keys: [key.publicJwk] } },
  });
  const app = await createHttpApp(
    ArchiveModule.register({ serviceName: 'archive', config, logger, requiredTopics: [] }, config, {
      verifier,
    }),
    logger,
    '1mb',
  );
  await app.init();
  return {
    app,
    schema,
    kafka,
    signer,
    pool,
    token: (role, orgUnit, subject = `${role}-1`) =>
      signer.sign({
        subject,
        kind: 'user',
        grants: [{ grantId: uniqueName('g'), role, orgUnit }],
        scopes: [],
      }),
    async close() {
      await app.close();
      await pool.query(`drop schema if exists ${schema} cascade`);
      await pool.query(`drop schema if exists ${schema}_auth cascade`);
      await pool.end();
    },
  };
}
