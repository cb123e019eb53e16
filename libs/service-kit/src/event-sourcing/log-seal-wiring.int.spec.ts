import { Module, type INestApplication } from '@nestjs/common';
import type { Pool } from 'pg';
import { generateLogSealKey, LogSealVerifier, PostgresEventStore } from '@yuqing/event-store';
import { createLogger } from '@yuqing/telemetry';
import { rewriteBehindTheLog, testServiceConfig, uniqueName, waitFor } from '@yuqing/testing';
import { createHttpApp } from '../bootstrap';
import { ServiceKitModule } from '../service-kit.module';
import { PG_POOL } from '../tokens';
import { EventSourcingModule } from './event-sourcing.module';

// Every service seals its own log at an interval once a key is configured, with no code of its own.
const schema = uniqueName('sealing');
const key = generateLogSealKey();

@Module({
  imports: [
    ServiceKitModule.forRoot({
      serviceName: 'sealing',
      config: testServiceConfig(),
      logger: createLogger({ service: 'sealing', level: 'silent' }),
      requiredTopics: [],
    }),
    EventSourcingModule.forRoot({ schema, source: '/yuqing/sealing', relay: false }),
  ],
})
class SealingModule {}

let app: INestApplication;

beforeAll(async () => {
  process.env['YUQING_LOG_SEAL_KEY'] = key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  process.env['YUQING_LOG_SEAL_INTERVAL_SECONDS'] = '1';
  app = await createHttpApp({ module: SealingModule }, createLogger({ service: 'sealing', level: 'silent' }));
  await app.init();
});
afterAll(async () => {
  delete process.env['YUQING_LOG_SEAL_KEY'];
  delete process.env['YUQING_LOG_SEAL_INTERVAL_SECONDS'];
  await app.get<Pool>(PG_POOL).query(`drop schema if exists ${schema} cascade`);
  await app.close();
});

it('seals the service log with the configured key, which the public key alone verifies', async () => {
  const store = app.get(PostgresEventStore);
  const streamId = `ingestion-item-${uniqueName('i')}`;
  await store.append(streamId, [{ type: 'ingestion.ItemVerified', data: {} }], {
    expectedVersion: 'no_stream',
    metadata: { orgUnit: 'cn-yn-km', actor: { kind: 'service', id: 'test' }, correlationId: 'c' },
  });
  const verifier = new LogSealVerifier(app.get<Pool>(PG_POOL), schema, [key.publicKey]);
  await waitFor('a seal of the appended stream', async () => (await verifier.verify()).ok, 15000);
  await rewriteBehindTheLog(
    app.get<Pool>(PG_POOL),
    schema,
    [`delete from ${schema}.events where stream_id = $1`],
    [streamId],
  );
  expect(await verifier.verify()).toMatchObject({ ok: false, deleted: [{ streamId, expectedPosition: 1 }] });
});
