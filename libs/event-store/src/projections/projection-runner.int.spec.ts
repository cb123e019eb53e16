import type { EventMetadata } from '@yuqing/contracts';
import { testDatabase } from '@yuqing/testing';
import { PostgresEventStore } from '../event-store';
import { migrate } from '../postgres/migrations';
import { EventReader } from '../read/event-reader';
import { UpcasterChain } from '../upcasters';
import { uuidv7 } from '../uuid';
import { defineProjection } from './projection';
import { ProjectionRunner, UnknownProjectionError } from './projection-runner';

// The one runner: inline as the store's append hook, rebuilt in place while writers keep writing, verified
// by a rebuild that is rolled back.
const db = testDatabase('runner');
const metadata: EventMetadata = {
  orgUnit: 'cn-yn-km-xs',
  actor: { kind: 'service', id: 'ingestion' },
  correlationId: 'c',
};

const counts = defineProjection({
  name: 'test.counts',
  handles: ['test.Counted'],
  tables: [{ name: 'counts', key: ['stream_id'], operational: { touched_by: 'written by hand in a test' } }],
  async evolve(events, client, scope) {
    for (const event of events) {
      await client.query(
        `insert into ${scope.table('counts')} (stream_id, n, last_step) values ($1, 1, $2)
           on conflict (stream_id) do update set n = counts.n + 1, last_step = excluded.last_step`,
        [event.streamId, (event.data as { step: number }).step],
      );
    }
  },
});
const outbox = defineProjection({
  name: 'test.outbox',
  handles: ['test.Counted'],
  tables: [{ name: 'outbox', key: ['event_id'] }],
  queue: { reason: 'work in flight; a rebuild would send twice' },
  async evolve(events, client, scope) {
    for (const event of events)
      await client.query(`insert into ${scope.table('outbox')} (event_id) values ($1)`, [event.eventId]);
  },
});

const runner = new ProjectionRunner({
  pool: db.pool,
  schema: db.schema,
  reader: new EventReader(db.schema, new UpcasterChain()),
  projections: [counts, outbox],
});
const store = new PostgresEventStore({
  pool: db.pool,
  schema: db.schema,
  onAppend: runner.applyInline,
  onAppendTypes: runner.inlineEventTypes,
});

async function count(streamId: string, steps: number): Promise<void> {
  for (let step = 1; step <= steps; step++)
    await store.append(streamId, [{ type: 'test.Counted', data: { step } }], {
      expectedVersion: 'any',
      metadata,
    });
}

beforeAll(async () => {
  await migrate(db.pool, db.schema, [
    ...store.migrations(),
    {
      id: '9000-counts',
      sql: `create table ${db.schema}.counts (stream_id text primary key, n int not null, last_step int not null,
              touched_by text);
            create table ${db.schema}.outbox (event_id text primary key);
            create table ${db.schema}.async_counts (stream_id text primary key, n int not null);`,
    },
  ]);
});
afterAll(() => db.drop());

describe('ProjectionRunner', () => {
  it('applies inline projections in the append transaction', async () => {
    const id = `test-${uuidv7()}`;
    await count(id, 3);
    expect((await runner.snapshot('test.counts')).counts).toContainEqual(
      expect.objectContaining({ stream_id: id, n: 3, last_step: 3 }),
    );
  });

  it('rebuilds in place while another writer appends, and loses nothing', async () => {
    const streams = Array.from({ length: 5 }, () => `test-${uuidv7()}`);
    await Promise.all(streams.map((id) => count(id, 4)));
    const writer = Promise.all(streams.map((id) => count(id, 12)));
    const reports = [];
    for (let i = 0; i < 3; i++) reports.push(await runner.rebuild(undefined, { pageSize: 7 }));
    await writer;
    expect(reports[0]!.eventsRead).toBeGreaterThan(20);
    expect(Object.keys(reports[0]!.applied)).toEqual(['test.counts']);
    const rows = (await runner.snapshot('test.counts')).counts as { stream_id: string; n: number }[];
    for (const id of streams) expect(rows.find((row) => row.stream_id === id)).toMatchObject({ n: 16 });
    // The queue was not rebuilt: one row per event, never twice.
    const { rows: outboxRows } = await db.pool.query(`select count(*)::int as n from ${db.schema}.outbox`);
    const { rows: events } = await db.pool.query(`select count(*)::int as n from ${db.schema}.events`);
    expect(outboxRows[0].n).toBe(events[0].n);
    expect(await runner.verify()).toEqual({
      ok: true,
      verified: ['test.counts'],
      skipped: [{ projection: 'test.outbox', reason: 'work in flight; a rebuild would send twice' }],
      differences: [],
    });
  });

  it('verify finds a tampered row, ignores operational columns, and rolls back', async () => {
    const id = `test-${uuidv7()}`;
    await count(id, 2);
    await db.pool.query(`update ${db.schema}.counts set touched_by = 'poller'`);
    expect((await runner.verify(['test.counts'])).ok).toBe(true);
    await db.pool.query(`update ${db.schema}.counts set n = 99 where stream_id = $1`, [id]);
    const report = await runner.verify(['test.counts']);
    expect(report.ok).toBe(false);
    expect(report.differences).toEqual([
      {
        projection: 'test.counts',
        table: 'counts',
        missing: [{ stream_id: id, n: 2, last_step: 2 }],
        unexpected: [{ stream_id: id, n: 99, last_step: 2 }],
      },
    ]);
    // Rolled back: the live row is still the tampered one, and the poller's column is intact.
    const { rows } = await db.pool.query(
      `select n, touched_by from ${db.schema}.counts where stream_id = $1`,
      [id],
    );
    expect(rows).toEqual([{ n: 99, touched_by: 'poller' }]);
    await runner.rebuild(['test.counts']);
    expect((await runner.verify()).ok).toBe(true);
  });

  it('names the known projections for an unknown one, and never rebuilds a queue', async () => {
    await expect(runner.rebuild(['test.nope'])).rejects.toEqual(
      new UnknownProjectionError('test.nope', ['test.counts', 'test.outbox']),
    );
    await expect(runner.rebuild(['test.outbox'])).rejects.toThrow(/is a queue and is never rebuilt/);
  });

  it('rebuilds an async projection by emptying it and replaying the log through its checkpoint', async () => {
    const asyncCounts = defineProjection({
      name: 'test.async-counts',
      mode: 'async',
      handles: ['test.Counted'],
      tables: [{ name: 'async_counts', key: ['stream_id'] }],
      async evolve(events, client, scope) {
        for (const event of events)
          await client.query(
            `insert into ${scope.table('async_counts')} (stream_id, n) values ($1, 1)
               on conflict (stream_id) do update set n = async_counts.n + 1`,
            [event.streamId],
          );
      },
    });
    const asyncRunner = new ProjectionRunner({
      pool: db.pool,
      schema: db.schema,
      reader: new EventReader(db.schema, new UpcasterChain()),
      projections: [asyncCounts],
      batchSize: 9,
    });
    await count(`test-${uuidv7()}`, 3);
    expect(await asyncRunner.catchUp()).toBeGreaterThan(0);
    const before = await asyncRunner.snapshot('test.async-counts');
    const report = await asyncRunner.rebuild();
    expect(report.applied['test.async-counts']).toBeGreaterThan(0);
    expect(await asyncRunner.snapshot('test.async-counts')).toEqual(before);
    expect(await asyncRunner.catchUp()).toBe(0);
    expect((await asyncRunner.verify()).ok).toBe(true);
  });
});
