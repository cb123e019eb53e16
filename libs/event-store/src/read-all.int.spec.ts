import type { EventMetadata } from '@yuqing/contracts';
import { testDatabase, waitFor } from '@yuqing/testing';
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

/**
 * Reads everything available after `from`, as a relay would, and returns the stream ids and event ids in the
 * order read, with the new checkpoint.
 */
async function drain(
  from: Checkpoint,
): Promise<{ ids: string[]; eventIds: string[]; checkpoint: Checkpoint }> {
  const ids: string[] = [];
  const eventIds: string[] = [];
  let checkpoint = from;
  for (;;) {
    const page = await store.readAll(checkpoint, 2);
    if (page.events.length === 0) return { ids, eventIds, checkpoint };
    ids.push(...page.events.map((e) => e.streamId));
    eventIds.push(...page.events.map((e) => e.eventId));
    checkpoint = page.checkpoint;
  }
}

/**
 * Drains until `count` events came (at most 10 s). The snapshot horizon is cluster-wide, so another test's open
 * transaction may hold events back for a moment; it must never lose or repeat one.
 */
async function drainAtLeast(
  from: Checkpoint,
  count: number,
): Promise<{ ids: string[]; eventIds: string[]; checkpoint: Checkpoint }> {
  let result = { ids: [] as string[], eventIds: [] as string[], checkpoint: from };
  await waitFor(
    `${count} events in the log`,
    async () => {
      const more = await drain(result.checkpoint);
      result = {
        ids: [...result.ids, ...more.ids],
        eventIds: [...result.eventIds, ...more.eventIds],
        checkpoint: more.checkpoint,
      };
      return result.ids.length >= count;
    },
    10000,
  );
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
    const results = await Promise.all(
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
    const appended = results.flatMap((r) => r.events.map((e) => e.eventId));
    expect(new Set(appended).size).toBe(100);

    // Readers see a transaction once every older one has ended (the horizon is cluster-wide): wait for that, on
    // the database, not on the reader under test, then read once.
    const transactions = results.flatMap((r) => r.events.map((e) => e.transactionId));
    await waitFor("the appends to fall below the readers' horizon", async () => {
      const { rows } = await db.pool.query<{ below: boolean }>(
        'select pg_snapshot_xmin(pg_current_snapshot()) > all($1::xid8[]) as below',
        [transactions],
      );
      return rows[0]!.below;
    });
    const read = await drain(checkpoint);
    // Exactly the appended events: the same set (no gap, nothing foreign), the same multiset (none read twice).
    expect(new Set(read.eventIds)).toEqual(new Set(appended));
    expect([...read.eventIds].sort()).toEqual([...appended].sort());
    expect(read.ids).toHaveLength(100);
    expect((await drain(read.checkpoint)).eventIds).toEqual([]);
  });
});
