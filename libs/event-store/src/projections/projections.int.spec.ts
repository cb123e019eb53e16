import type { PoolClient } from 'pg';
import type { EventMetadata, RecordedEvent } from '@yuqing/contracts';
import { testDatabase } from '@yuqing/testing';
import { PostgresEventStore } from '../event-store';
import { migrate } from '../postgres/migrations';
import { EventReader } from '../read/event-reader';
import { UpcasterChain } from '../upcasters';
import { defineProjection, type ProjectionDefinition, type ProjectionScope } from './projection';
import { ProjectionRunner } from './projection-runner';

// One read model, "items per incident", kept three ways by the one runner: inline with each append,
// asynchronously (live, two instances racing), and rebuilt from zero. All three must agree.
const db = testDatabase('proj');
const metadata: EventMetadata = {
  orgUnit: 'cn-yn-km-xs',
  actor: { kind: 'service', id: 'ingestion' },
  correlationId: 'c',
};
const ITEM = 'ingestion.ItemAttachedToIncident';

async function applyItems(
  events: readonly RecordedEvent[],
  client: PoolClient,
  scope: ProjectionScope,
  table: string,
): Promise<void> {
  const qualified = scope.table(table);
  for (const event of events) {
    await client.query(
      `insert into ${qualified} (incident, items, last_title) values ($1, 1, $2)
         on conflict (incident) do update set items = ${table}.items + 1, last_title = excluded.last_title`,
      [event.streamId, (event.data as { title: string }).title],
    );
  }
}

const inline = defineProjection({
  name: 'test.items-inline',
  handles: [ITEM, 'test.Explodes'],
  tables: [{ name: 'items_inline', key: ['incident'] }],
  async evolve(events, client, scope) {
    if (events.some((e) => e.type === 'test.Explodes')) throw new Error('projection failed');
    await applyItems(events, client, scope, 'items_inline');
  },
});

/** The async read model; another version declares its own table, so it can be built beside the live one. */
function itemsPerIncident(version: number): ProjectionDefinition {
  return defineProjection({
    name: 'test.items-per-incident',
    version,
    mode: 'async',
    handles: [ITEM],
    tables: [{ name: `items_v${version}`, key: ['incident'] }],
    evolve: (events, client, scope) => applyItems(events, client, scope, `items_v${version}`),
  });
}

function runner(projections: readonly ProjectionDefinition[], batchSize?: number): ProjectionRunner {
  return new ProjectionRunner({
    pool: db.pool,
    schema: db.schema,
    reader: new EventReader(db.schema, new UpcasterChain()),
    projections,
    idleMs: 10,
    ...(batchSize ? { batchSize } : {}),
  });
}

const inlineRunner = runner([inline]);
const store = new PostgresEventStore({
  pool: db.pool,
  schema: db.schema,
  onAppend: inlineRunner.applyInline,
  onAppendTypes: inlineRunner.inlineEventTypes,
});

async function rows(table: string): Promise<unknown[]> {
  return (
    await db.pool.query(`select incident, items, last_title from ${db.schema}.${table} order by incident`)
  ).rows;
}

async function appendItems(streams: number, perStream: number): Promise<void> {
  await Promise.all(
    Array.from({ length: streams }, async (_, s) => {
      for (let n = 0; n < perStream; n++) {
        await store.append(`ingestion-incident-${s}`, [{ type: ITEM, data: { title: `第${n}条 帖子` } }], {
          expectedVersion: 'any',
          metadata,
        });
      }
    }),
  );
}

const createTable = (table: string) =>
  `create table ${db.schema}.${table} (incident text primary key, items int not null, last_title text not null);`;

beforeAll(async () => {
  await migrate(db.pool, db.schema, [
    ...store.migrations(),
    { id: '9000-items', sql: ['items_inline', 'items_v1', 'items_v2'].map(createTable).join('\n') },
  ]);
});
afterAll(() => db.drop());

describe('projections', () => {
  it('updates an inline projection in the append transaction, and a failing one leaves nothing appended', async () => {
    await store.append('ingestion-incident-inline', [{ type: ITEM, data: { title: '河道污染' } }], {
      expectedVersion: 'no_stream',
      metadata,
    });
    expect(await rows('items_inline')).toEqual([
      { incident: 'ingestion-incident-inline', items: 1, last_title: '河道污染' },
    ]);

    await expect(
      store.append('ingestion-incident-inline', [{ type: 'test.Explodes', data: {} }], {
        expectedVersion: 1,
        metadata,
      }),
    ).rejects.toThrow('projection failed');
    expect(await store.readStream('ingestion-incident-inline')).toHaveLength(1);
    expect(await rows('items_inline')).toHaveLength(1);
  });

  it('keeps an async projection equal to the inline one, and rebuilds both from zero to the same rows', async () => {
    const live = itemsPerIncident(1);
    // Two instances of the live projection race for the same pages; the checkpoint keeps them from applying twice.
    const liveRunners = [runner([live], 37), runner([live], 37)];
    liveRunners.forEach((r) => r.start());
    await appendItems(20, 15);
    await Promise.all(liveRunners.map((r) => r.stop()));
    await liveRunners[0]!.catchUp();

    const inlineRows = await rows('items_inline');
    expect(inlineRows).toHaveLength(21);
    expect(await rows('items_v1')).toEqual(inlineRows);

    // A new version reads the log from zero through its own checkpoint, beside the live one.
    expect(await runner([itemsPerIncident(2)], 100).catchUp()).toBe(20 * 15 + 1);
    expect(await rows('items_v2')).toEqual(inlineRows);
    expect(await rows('items_v1')).toEqual(inlineRows);

    // In place: the inline one replayed under its table's lock, the async one emptied and replayed.
    const inPlace = runner([inline, live], 53);
    const report = await inPlace.rebuild();
    expect(report.applied).toEqual({
      'test.items-inline': 20 * 15 + 1,
      'test.items-per-incident': 20 * 15 + 1,
    });
    expect(await rows('items_inline')).toEqual(inlineRows);
    expect(await rows('items_v1')).toEqual(inlineRows);
    expect(await inPlace.verify()).toMatchObject({ ok: true, differences: [] });
  });
});
