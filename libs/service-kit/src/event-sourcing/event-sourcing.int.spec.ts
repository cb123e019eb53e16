import { Injectable, Module, type INestApplication } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { defineProjection, PostgresEventStore, ProjectionRunner } from '@yuqing/event-store';
import { createLogger } from '@yuqing/telemetry';
import { testServiceConfig, uniqueName, waitFor } from '@yuqing/testing';
import { createHttpApp } from '../bootstrap';
import { ServiceKitModule } from '../service-kit.module';
import { PG_POOL } from '../tokens';
import { EventCommitted, EventSourcingModule } from './event-sourcing.module';

// The bridge to @nestjs/cqrs: in-process handlers hear of an event only after its transaction committed,
// and never of one that was rolled back.
const schema = uniqueName('bridge');
const heard: { type: string; visibleInDatabase: boolean }[] = [];
/** The types handlers were told of, in the order they were published (before each handler's own reads). */
const told: string[] = [];

@Injectable()
@EventsHandler(EventCommitted)
class RecordingHandler implements IEventHandler<EventCommitted> {
  constructor(private readonly store: PostgresEventStore) {}
  async handle({ event }: EventCommitted): Promise<void> {
    told.push(event.type);
    // Read through another connection: only a committed event is visible there.
    const visible = (await this.store.readStream(event.streamId)).some((e) => e.eventId === event.eventId);
    heard.push({ type: event.type, visibleInDatabase: visible });
  }
}

const failing = defineProjection({
  name: 'test.failing',
  handles: ['test.Fails'],
  tables: [{ name: 'failures', key: ['id'] }],
  evolve: async () => {
    throw new Error('inline projection failed');
  },
});

@Module({
  imports: [
    ServiceKitModule.forRoot({
      serviceName: 'bridge',
      config: testServiceConfig(),
      logger: createLogger({ service: 'bridge', level: 'silent' }),
      requiredTopics: [],
    }),
    EventSourcingModule.forRoot({
      schema,
      source: '/yuqing/bridge',
      relay: false,
      projections: [failing],
    }),
  ],
  providers: [RecordingHandler],
})
class BridgeModule {}

let app: INestApplication;
const metadata = { orgUnit: 'cn-yn-km', actor: { kind: 'service' as const, id: 'test' }, correlationId: 'c' };

beforeAll(async () => {
  app = await createHttpApp({ module: BridgeModule }, createLogger({ service: 'bridge', level: 'silent' }));
  await app.init();
});
afterAll(async () => {
  await app.get<Pool>(PG_POOL).query(`drop schema if exists ${schema} cascade`);
  await app.close();
});

it('migrates its schema at start and tells in-process handlers of committed events only', async () => {
  const store = app.get(PostgresEventStore);
  await store.append(`ingestion-item-${uniqueName('i')}`, [{ type: 'ingestion.ItemVerified', data: {} }], {
    expectedVersion: 'no_stream',
    metadata,
  });
  await expect(
    store.append(`ingestion-item-${uniqueName('i')}`, [{ type: 'test.Fails', data: {} }], {
      expectedVersion: 'no_stream',
      metadata,
    }),
  ).rejects.toThrow('inline projection failed');
  // Handlers are told in commit order: once they have heard of a later event, they would have been told of the
  // rolled-back one before it.
  await store.append(`ingestion-item-${uniqueName('i')}`, [{ type: 'test.Later', data: {} }], {
    expectedVersion: 'no_stream',
    metadata,
  });
  await waitFor(
    'the handlers to finish with every event they were told of',
    async () => told.includes('test.Later') && heard.length === told.length,
    10_000,
  );
  expect(told).toEqual(['ingestion.ItemVerified', 'test.Later']);
  expect([...heard].sort((a, b) => a.type.localeCompare(b.type))).toEqual([
    { type: 'ingestion.ItemVerified', visibleInDatabase: true },
    { type: 'test.Later', visibleInDatabase: true },
  ]);
});

it('runs the declared projections with one injectable ProjectionRunner', () => {
  expect(app.get(ProjectionRunner).projections.map((p) => p.name)).toEqual(['test.failing']);
  expect(app.get(ProjectionRunner).scope.schema).toBe(schema);
});
