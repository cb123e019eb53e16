import type { EventMetadata, RecordedEvent } from '@yuqing/contracts';
import { testDatabase } from '@yuqing/testing';
import { ConcurrencyError, DuplicateEventError } from './errors';
import { PostgresEventStore } from './event-store';
import { migrate } from './postgres/migrations';
import { uuidv7 } from './uuid';

const db = testDatabase('es');
const store = new PostgresEventStore({ pool: db.pool, schema: db.schema });
const metadata: EventMetadata = {
  orgUnit: 'cn-yn-km-xs',
  actor: { kind: 'user', id: 'monitor-1', role: 'monitor' },
  correlationId: 'corr-1',
};
const stream = () => `grading-incident-${uuidv7()}`;
const captured = (n: number) => ({ type: 'ingestion.ItemCaptured', data: { n, title: `网帖 ${n}` } });

beforeAll(async () => {
  await migrate(db.pool, db.schema, store.migrations());
});
afterAll(() => db.drop());

describe('append and read a stream', () => {
  it('stores events in order with their metadata and returns the next expected version', async () => {
    const id = stream();
    const first = await store.append(id, [captured(1), captured(2)], {
      expectedVersion: 'no_stream',
      metadata,
    });
    expect(first.nextExpectedVersion).toBe(2);
    await store.append(id, [captured(3)], {
      expectedVersion: 2,
      metadata: { ...metadata, causationId: first.events[1]!.eventId },
    });

    const events = await store.readStream(id);
    expect(events.map((e) => [e.streamPosition, e.type, e.data])).toEqual([
      [1, 'ingestion.ItemCaptured', { n: 1, title: '网帖 1' }],
      [2, 'ingestion.ItemCaptured', { n: 2, title: '网帖 2' }],
      [3, 'ingestion.ItemCaptured', { n: 3, title: '网帖 3' }],
    ]);
    expect(events[2]!.metadata).toEqual({ ...metadata, causationId: first.events[1]!.eventId });
    expect(BigInt(events[1]!.globalPosition)).toBeGreaterThan(BigInt(events[0]!.globalPosition));
  });

  it('refuses an append at a stale version with a conflict that names the actual version, and writes nothing', async () => {
    const id = stream();
    await store.append(id, [captured(1), captured(2)], { expectedVersion: 'no_stream', metadata });
    await expect(store.append(id, [captured(3)], { expectedVersion: 1, metadata })).rejects.toEqual(
      new ConcurrencyError(id, 1, 2),
    );
    await expect(
      store.append(id, [captured(3)], { expectedVersion: 'no_stream', metadata }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream(id)).toHaveLength(2);
  });

  it('refuses an event id that is already stored, so a retried append does not write twice', async () => {
    const id = stream();
    const eventId = uuidv7();
    await store.append(id, [{ ...captured(1), eventId }], { expectedVersion: 'no_stream', metadata });
    await expect(
      store.append(id, [{ ...captured(1), eventId }], { expectedVersion: 'any', metadata }),
    ).rejects.toEqual(new DuplicateEventError(eventId));
    expect(await store.readStream(id)).toHaveLength(1);
  });

  it('rejects metadata without an org unit before touching the database', async () => {
    const { orgUnit: _omitted, ...noOrgUnit } = metadata;
    await expect(
      store.append(stream(), [captured(1)], { expectedVersion: 'any', metadata: noOrgUnit as EventMetadata }),
    ).rejects.toThrow(/orgUnit/);
  });
});

describe('optimistic concurrency under contention', () => {
  it('lets exactly one of 20 concurrent writers win at each version, storing its event, leaving no gap in positions', async () => {
    const id = stream();
    const rounds = 5;
    for (let version = 0; version < rounds; version++) {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, writer) =>
          store.append(id, [{ type: 'grading.GradeProposed', data: { writer, version } }], {
            expectedVersion: version,
            metadata,
          }),
        ),
      );
      const winners = results.flatMap((r, writer) =>
        r.status === 'fulfilled' ? [{ writer, result: r.value }] : [],
      );
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(winners.map((w) => w.writer)).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const loss of lost) expect(loss.reason).toBeInstanceOf(ConcurrencyError);

      // The event stored at the contested position is the winner's: the id its append returned, and its data.
      const [winner] = winners;
      const [stored] = await store.readStream(id, { from: version + 1, to: version + 1 });
      expect(winner!.result.events.map((e) => [e.eventId, e.streamPosition])).toEqual([
        [stored!.eventId, version + 1],
      ]);
      expect(stored!.data).toEqual({ writer: winner!.writer, version });
    }
    const positions = (await store.readStream(id)).map((e) => e.streamPosition);
    expect(positions).toEqual([1, 2, 3, 4, 5]);
  });

  it("lets 20 'any' writers all land, one after another, when they race for the same position", async () => {
    const id = stream();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        store.append(id, [captured(n)], { expectedVersion: 'any', metadata }),
      ),
    );
    const events = await store.readStream(id);
    expect(events.map((e) => e.streamPosition)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Each writer's own event, once: the ids their appends returned and every writer's data.
    expect(new Set(events.map((e) => e.eventId))).toEqual(new Set(results.map((r) => r.events[0]!.eventId)));
    expect(events.map((e) => (e.data as { n: number }).n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    // They queued (docs/event-store.md: an advisory lock per stream) rather than raced: an insert that loses a
    // race still burns a global position, and nothing else writes to this file's schema meanwhile.
    const global = events.map((e) => Number(e.globalPosition)).sort((a, b) => a - b);
    expect(global[global.length - 1]! - global[0]!).toBe(19);
  });
});

describe('state as of a moment or a position, for auditors', () => {
  it('folds the stream up to a position or a time', async () => {
    const id = stream();
    const fold = {
      initialState: () => [] as number[],
      evolve: (state: number[], event: RecordedEvent) => [...state, (event.data as { n: number }).n],
    };
    await store.append(id, [captured(1), captured(2)], { expectedVersion: 'no_stream', metadata });
    // A moment between the appends on PostgreSQL's clock, which stamps recorded_at (Node's may differ from it).
    const { rows } = await db.pool.query<{ between: Date }>('select clock_timestamp() as between');
    const between = rows[0]!.between;
    await store.append(id, [captured(3)], { expectedVersion: 2, metadata });

    expect(await store.aggregateStream(id, fold)).toEqual({ state: [1, 2, 3], version: 3 });
    expect(await store.aggregateStream(id, fold, { position: 1 })).toEqual({ state: [1], version: 1 });
    expect(await store.aggregateStream(id, fold, { time: between })).toEqual({ state: [1, 2], version: 2 });
  });
});

describe('upcasting old schema versions on read', () => {
  it('reads a version-1 event as version 3 through two upcasters, leaving the stored event as it was', async () => {
    const upcasting = new PostgresEventStore({
      pool: db.pool,
      schema: db.schema,
      upcasters: [
        // v1 had one free-text "level"; v2 split out the exceptional flag; v3 renamed the level codes.
        {
          type: 'grading.GradeProposed',
          fromVersion: 1,
          upcast: (d) => ({ ...(d as object), exceptional: false }),
        },
        {
          type: 'grading.GradeProposed',
          fromVersion: 2,
          upcast: (d) => {
            const { level, ...rest } = d as { level: string };
            return { ...rest, level: { 一级: 'level-1', 二级: 'level-2', 三级: 'level-3' }[level] };
          },
        },
      ],
    });
    const id = stream();
    await store.append(id, [{ type: 'grading.GradeProposed', schemaVersion: 1, data: { level: '二级' } }], {
      expectedVersion: 'no_stream',
      metadata,
    });

    const [event] = await upcasting.readStream(id);
    expect(event).toMatchObject({ schemaVersion: 3, data: { level: 'level-2', exceptional: false } });
    const stored = await db.pool.query(
      `select schema_version, data from ${db.schema}.events where stream_id = $1`,
      [id],
    );
    expect(stored.rows[0]).toEqual({ schema_version: 1, data: { level: '二级' } });
    expect((await upcasting.verifyStream(id)).ok).toBe(true);
  });
});

describe('appending to several streams in one transaction', () => {
  it('commits the appends and the read-model writes together, and tells listeners after the commit', async () => {
    const heard: string[] = [];
    const listening = new PostgresEventStore({ pool: db.pool, schema: db.schema });
    listening.onCommitted((events) => heard.push(...events.map((e) => e.streamId)));
    const [incident, item] = [stream(), stream()];
    await listening.transaction(async (tx) => {
      await tx.append(item, [captured(1)], { expectedVersion: 'no_stream', metadata });
      await tx.append(incident, [{ type: 'ingestion.IncidentDetected', data: { item } }], {
        expectedVersion: 'no_stream',
        metadata,
      });
      expect(heard).toEqual([]);
    });
    expect(heard).toEqual([item, incident]);
    expect(await store.readStream(item)).toHaveLength(1);
    expect(await store.readStream(incident)).toHaveLength(1);
  });

  it('rolls every append back when one of them conflicts', async () => {
    const [fresh, existing] = [stream(), stream()];
    await store.append(existing, [captured(1)], { expectedVersion: 'no_stream', metadata });
    await expect(
      store.transaction(async (tx) => {
        await tx.append(fresh, [captured(1)], { expectedVersion: 'no_stream', metadata });
        await tx.append(existing, [captured(2)], { expectedVersion: 'no_stream', metadata });
      }),
    ).rejects.toEqual(new ConcurrencyError(existing, 'no_stream', 1));
    expect(await store.readStream(fresh)).toEqual([]);
  });

  it('appends to many streams in one call, chained and verifiable, and names the stream that conflicts', async () => {
    const [a, b, c] = [stream(), stream(), stream()];
    await store.append(c, [captured(1)], { expectedVersion: 'no_stream', metadata });
    const results = await store.transaction((tx) =>
      tx.appendMany([
        { streamId: a, events: [captured(1), captured(2)], expectedVersion: 'no_stream', metadata },
        { streamId: b, events: [captured(3)], expectedVersion: 'no_stream', metadata },
        { streamId: c, events: [captured(4)], expectedVersion: 1, metadata },
      ]),
    );
    expect(results.map((r) => [r.events[0]!.streamId, r.nextExpectedVersion])).toEqual([
      [a, 2],
      [b, 1],
      [c, 2],
    ]);
    for (const id of [a, b, c]) expect((await store.verifyStream(id)).ok).toBe(true);

    await expect(
      store.transaction((tx) =>
        tx.appendMany([
          { streamId: stream(), events: [captured(5)], expectedVersion: 'no_stream', metadata },
          { streamId: c, events: [captured(6)], expectedVersion: 1, metadata },
        ]),
      ),
    ).rejects.toEqual(new ConcurrencyError(c, 1, 2));
  });
});
