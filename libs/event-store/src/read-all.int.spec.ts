import type { EventMetadata } from '@yuqing/contracts';
import { testDatabase } from '@yuqing/testing';
import { PostgresEventStore, START, type Checkpoint } from './event-store';
import { migrate } from './postgres/migrations';

// The global log is read in commit order: an event whose transaction took its position early but committed
// late must still reach a reader that has already moved on, exactly once.
const db = testDatabase('readall');
const store = new PostgresEventStore({ pool: db.pool, schema: db.schema });
const metadata: EventMetadata = {
  orgUnit: 'cn-yn-km',
  actor: { kind: 'service', id: 'test' },
  correlationId: 'c',
};

/** Reads everything available after `from`, as a relay would, and returns the ids in order with the new checkpoint. */
async function drain(from: Checkpoint): Promise<{ ids: string[]; checkpoint: Checkpoint }> {
  const ids: string[] = [];
  let checkpoint = from;
  for (;;) {
    const page = await store.readAll(checkpoint, 2);
    if (page.events.length === 0) return { ids, checkpoint };
    ids.push(...page.events.map((e) => e.streamId));
    checkpoint = page.checkpoint;
  }
}

/**
 * Drains until `count` events came or 10 s passed. The snapshot horizon is cluster-wide, so another test's open
 * transaction may hold events back for a moment; it must never lose or repeat one.
 */
async function drainAtLeast(
  from: Checkpoint,
  count: number,
): Promise<{ ids: string[]; checkpoint: Checkpoint }> {
  const deadline = Date.now() + 10000;
  let result = await drain(from);
  while (result.ids.length < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const more = await drain(result.checkpoint);
    result = { ids: [...result.ids, ...more.ids], checkpoint: more.checkpoint };
  }
  return result;
}

/** A transaction kept open by the test: it can take its id, append, and commit at chosen moments. */
async function openTransaction(streamId: string) {
  const client = await db.pool.connect();
  await client.query('begin');
  return {
    takeTransactionId: () => client.query('select pg_current_xact_id()'),
    append: async (): Promise<bigint> => {
      const { rows } = await client.query<{ global_position: string }>(
        `select * from ${db.schema}.append_to_stream($1, -2, array[gen_random_uuid()], array['t.E'], array[1], array['{}'::jsonb], $2::jsonb[])`,
        [streamId, [JSON.stringify(metadata)]],
      );
      return BigInt(rows[0]!.global_position);
    },
    commit: async () => {
      await client.query('commit');
      client.release();
    },
  };
}

beforeAll(async () => {
  await migrate(db.pool, db.schema, store.migrations());
});
afterAll(() => db.drop());

describe('reading the global log in commit order', () => {
  it('delivers a late-committing event exactly once after the reader passed a later position', async () => {
    let { checkpoint } = await drain(START);

    // B takes its transaction id first; A then appends and takes the lower global position; B appends and
    // commits while A is still open.
    const a = await openTransaction('stream-A-late-1');
    const b = await openTransaction('stream-B-late-1');
    await b.takeTransactionId();
    const aPosition = await a.append();
    const bPosition = await b.append();
    expect(aPosition).toBeLessThan(bPosition);
    await b.commit();

    const first = await drainAtLeast(checkpoint, 1);
    expect(first.ids).toEqual(['stream-B-late-1']);
    checkpoint = first.checkpoint;

    await a.commit();
    const second = await drainAtLeast(checkpoint, 1);
    expect(second.ids).toEqual(['stream-A-late-1']);
    expect((await drain(second.checkpoint)).ids).toEqual([]);
  });

  it('holds back a later commit until an earlier open transaction ends, then delivers both in commit order', async () => {
    let { checkpoint } = await drain(START);
    const a = await openTransaction('stream-A-late-2');
    await a.append();
    await store.append('stream-B-late-2', [{ type: 't.E', data: {} }], { expectedVersion: 'any', metadata });

    const whileOpen = await drain(checkpoint);
    expect(whileOpen.ids).toEqual([]);
    checkpoint = whileOpen.checkpoint;

    await a.commit();
    const after = await drainAtLeast(checkpoint, 2);
    expect(after.ids).toEqual(['stream-A-late-2', 'stream-B-late-2']);
  });

  it('reads every event of many concurrent appends once, in pages, with no gap', async () => {
    const { checkpoint } = await drain(START);
    await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        store.append(
          `stream-many-${n % 7}`,
          [
            { type: 't.E', data: { n } },
            { type: 't.E', data: { n } },
          ],
          { expectedVersion: 'any', metadata },
        ),
      ),
    );
    const { ids } = await drainAtLeast(checkpoint, 100);
    expect(ids).toHaveLength(100);
  });
});
