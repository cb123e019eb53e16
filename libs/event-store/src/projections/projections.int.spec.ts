import type { PoolClient } from 'pg';
import type { EventMetadata, RecordedEvent } from '@yuqing/contracts';
import { testDatabase } from '@yuqing/testing';
import { PostgresEventStore, type InlineProjection } from '../event-store';
import { migrate } from '../postgres/migrations';
import {
  activeProjectionVersion,
  ProjectionRunner,
  switchProjection,
  type AsyncProjection,
} from './async-projection';

// One read model, "items per incident", kept three ways: inline with each append, asynchronously (live), and
// rebuilt from zero as a new version. All three must agree.
const db = testDatabase('proj');
const metadata: EventMetadata = {
  orgUnit: 'cn-yn-km-xs',
  actor: { kind: 'service', id: 'ingestion' },
  correlationId: 'c',
};

async function applyItems(
  events: readonly RecordedEvent[],
  client: PoolClient,
  table: string,
): Promise<void> {
  for (const event of events) {
    if (event.type !== 'ingestion.ItemAttachedToIncident') continue;
    await client.query(
      `insert into ${table} (incident, items, last_title) values ($1, 1, $2)
         on conflict (incident) do update set items = ${table}.items + 1, last_title = excluded.last_title`,
      [event.streamId, (event.data as { title: string }).title],
    );
  }
}

const createTable = (table: string) =>
  `create table if not exists ${table} (incident text primary key, items int not null, last_title text not null)`;

const inline: InlineProjection = {
  name: 'items-inline',
  eventTypes: ['ingestion.ItemAttachedToIncident', 'test.Explodes'],
  async handle(events, client) {
    if (events.some((e) => e.type === 'test.Explodes')) throw new Error('projection failed');
    await applyItems(events, client, `${db.schema}.items_inline`);
  },
};
const store = new PostgresEventStore({ pool: db.pool, schema: db.schema, inlineProjections: [inline] });

function itemsPerIncident(version: number): AsyncProjection {
  return {
    name: 'items-per-incident',
    version,
    setup: async (client, table) => void (await client.query(createTable(table('items')))),
    handle: (events, client, table) => applyItems(events, client, table('items')),
  };
}

async function rows(table: string): Promise<unknown[]> {
  return (await db.pool.query(`select incident, items, last_title from ${table} order by incident`)).rows;
}

async function appendItems(streams: number, perStream: number): Promise<void> {
  await Promise.all(
    Array.from({ length: streams }, async (_, s) => {
      for (let n = 0; n < perStream; n++) {
        await store.append(
          `ingestion-incident-${s}`,
          [{ type: 'ingestion.ItemAttachedToIncident', data: { title: `第${n}条 帖子` } }],
          {
            expectedVersion: 'any',
            metadata,
          },
        );
      }
    }),
  );
}

beforeAll(async () => {
  await migrate(db.pool, db.schema, store.migrations());
  await db.pool.query(createTable(`${db.schema}.items_inline`));
});
afterAll(() => db.drop());

describe('projections', () => {
  it('updates an inline projection in the append transaction, and a failing one leaves nothing appended', async () => {
    await store.append(
      'ingestion-incident-inline',
      [{ type: 'ingestion.ItemAttachedToIncident', data: { title: '河道污染' } }],
      {
        expectedVersion: 'no_stream',
        metadata,
      },
    );
    expect(await rows(`${db.schema}.items_inline`)).toEqual([
      { incident: 'ingestion-incident-inline', items: 1, last_title: '河道污染' },
    ]);

    await expect(
      store.append('ingestion-incident-inline', [{ type: 'test.Explodes', data: {} }], {
        expectedVersion: 1,
        metadata,
      }),
    ).rejects.toThrow('projection failed');
    expect(await store.readStream('ingestion-incident-inline')).toHaveLength(1);
  });

  it('rebuilds a projection from zero beside the live one, equal to it, then switches to it', async () => {
    const live = itemsPerIncident(1);
    const liveRunners = [
      new ProjectionRunner({ store, pool: db.pool, projection: live, batchSize: 37, idleMs: 10 }),
    ];
    // Two instances of the live projection race for the same batches; checkpoints keep them from applying twice.
    liveRunners.push(
      new ProjectionRunner({ store, pool: db.pool, projection: live, batchSize: 37, idleMs: 10 }),
    );
    liveRunners.forEach((runner) => runner.start());
    await appendItems(20, 15);
    await Promise.all(liveRunners.map((runner) => runner.stop()));
    await liveRunners[0]!.catchUp();
    await switchProjection({ store, pool: db.pool, projection: live });

    const liveRows = await rows(`${db.schema}.items_v1`);
    expect(liveRows).toEqual(await rows(`${db.schema}.items_inline`));
    expect(liveRows).toHaveLength(21);

    const rebuilt = itemsPerIncident(2);
    await expect(switchProjection({ store, pool: db.pool, projection: rebuilt })).rejects.toThrow(
      /has not caught up/,
    );
    const applied = await new ProjectionRunner({
      store,
      pool: db.pool,
      projection: rebuilt,
      batchSize: 100,
    }).catchUp();
    expect(applied).toBe(20 * 15 + 1);
    expect(await rows(`${db.schema}.items_v2`)).toEqual(liveRows);

    expect(await activeProjectionVersion(db.pool, db.schema, 'items-per-incident')).toBe(1);
    await switchProjection({ store, pool: db.pool, projection: rebuilt });
    expect(await activeProjectionVersion(db.pool, db.schema, 'items-per-incident')).toBe(2);
  });
});
