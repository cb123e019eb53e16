import type { EventMetadata, NewEvent, RecordedEvent } from '@yuqing/contracts';
import { testDatabase, waitFor } from '@yuqing/testing';
import { handleCommand, type Decider } from './command-handling';
import { ConcurrencyError } from './errors';
import { PostgresEventStore } from './event-store';
import { migrate } from './postgres/migrations';
import { uuidv7 } from './uuid';

// load → decide → append, as every command handler does it, against the real store.
const db = testDatabase('cmd');
const store = new PostgresEventStore({ pool: db.pool, schema: db.schema });
const metadata: EventMetadata = {
  orgUnit: 'cn-yn-km',
  actor: { kind: 'user', id: 'authority-1', role: 'grading-authority' },
  correlationId: 'c',
};

type Confirm = { level: 'level-1' | 'level-2' | 'level-3' };
type Grade = { confirmed?: Confirm['level']; confirmations: number };

class AlreadyConfirmed extends Error {}

const grade: Decider<Confirm, Grade> = {
  initialState: () => ({ confirmations: 0 }),
  evolve: (state, event: RecordedEvent) => ({
    confirmed: (event.data as Confirm).level,
    confirmations: state.confirmations + 1,
  }),
  decide: (command, state): NewEvent[] => {
    if (state.confirmed === command.level) return [];
    if (state.confirmed) throw new AlreadyConfirmed(`already confirmed as ${state.confirmed}`);
    return [{ type: 'grading.GradeConfirmed', data: command }];
  },
};

beforeAll(() => migrate(db.pool, db.schema, store.migrations()));
afterAll(() => db.drop());

describe('handleCommand', () => {
  it('appends what the decider decides and returns the new state and version', async () => {
    const id = `grading-incident-${uuidv7()}`;
    const result = await handleCommand(store, id, grade, { level: 'level-2' }, { metadata });
    expect(result).toMatchObject({
      nextExpectedVersion: 1,
      state: { confirmed: 'level-2', confirmations: 1 },
    });
    expect((await store.readStream(id)).map((e) => e.type)).toEqual(['grading.GradeConfirmed']);
  });

  it('appends nothing when the decision is a no-op, and lets a domain refusal through untouched', async () => {
    const id = `grading-incident-${uuidv7()}`;
    await handleCommand(store, id, grade, { level: 'level-3' }, { metadata });
    expect((await handleCommand(store, id, grade, { level: 'level-3' }, { metadata })).events).toEqual([]);
    await expect(handleCommand(store, id, grade, { level: 'level-1' }, { metadata })).rejects.toBeInstanceOf(
      AlreadyConfirmed,
    );
    expect(await store.readStream(id)).toHaveLength(1);
  });

  it('refuses a client that saw an older version, and decides again on fresh state when none was named', async () => {
    const id = `grading-incident-${uuidv7()}`;
    await expect(
      handleCommand(store, id, grade, { level: 'level-2' }, { metadata, expectedVersion: 3 }),
    ).rejects.toEqual(new ConcurrencyError(id, 3, 0));
    // Ten racing confirmations of the same level: one appends, the others re-decide and see it done.
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        handleCommand(store, id, grade, { level: 'level-2' }, { metadata, retries: 10 }),
      ),
    );
    expect(results.filter((r) => r.events.length === 1)).toHaveLength(1);
    expect(await store.readStream(id)).toHaveLength(1);
  });

  it('on a transaction: reads its own appends, decides on them, and never retries a lost race', async () => {
    const id = `grading-incident-${uuidv7()}`;
    const other = `grading-incident-${uuidv7()}`;
    await store.transaction(async (tx) => {
      await tx.append(other, [{ type: 'grading.GradeConfirmed', data: { level: 'level-1' } }], {
        expectedVersion: 'no_stream',
        metadata,
      });
      expect((await tx.readStream(other)).map((e) => e.streamPosition)).toEqual([1]);
      expect(await tx.aggregateStream(other, grade)).toEqual({
        state: { confirmed: 'level-1', confirmations: 1 },
        version: 1,
      });
      const result = await handleCommand(tx, id, grade, { level: 'level-2' }, { metadata });
      expect(result).toMatchObject({ nextExpectedVersion: 1, state: { confirmed: 'level-2' } });
      // The transaction sees its own decision: deciding again is a no-op.
      expect((await handleCommand(tx, id, grade, { level: 'level-2' }, { metadata })).events).toEqual([]);
    });
    expect(await store.readStream(id)).toHaveLength(1);
    expect(await store.readStream(other)).toHaveLength(1);

    // Another writer has appended, not yet committed, when the transaction reads: its append then loses.
    const raced = `grading-incident-${uuidv7()}`;
    let release!: () => void;
    let appended!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const written = new Promise<void>((resolve) => (appended = resolve));
    let earlierPid = 0;
    const earlier = store.transaction(async (t2) => {
      earlierPid = (await t2.client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      await t2.append(raced, [{ type: 'grading.GradeConfirmed', data: { level: 'level-3' } }], {
        expectedVersion: 'no_stream',
        metadata,
      });
      appended();
      await gate;
    });
    await written;
    let decisions = 0;
    const counting: Decider<Confirm, Grade> = {
      ...grade,
      decide: (command, state) => (decisions++, grade.decide(command, state)),
    };
    const mine = store.transaction((tx) =>
      handleCommand(tx, raced, counting, { level: 'level-2' }, { metadata, retries: 10 }),
    );
    // Release the other writer only once our append waits on its uncommitted row: the race is then certain.
    await waitFor('our append to wait on the other writer', async () => {
      const { rows } = await db.pool.query<{ waiting: number }>(
        `select count(*)::int as waiting from pg_stat_activity where $1 = any(pg_blocking_pids(pid))`,
        [earlierPid],
      );
      return rows[0]!.waiting > 0;
    });
    expect(decisions).toBe(1);
    release();
    await earlier;
    await expect(mine).rejects.toBeInstanceOf(ConcurrencyError);
    expect(decisions).toBe(1);
    expect((await store.readStream(raced)).map((e) => (e.data as Confirm).level)).toEqual(['level-3']);
  });
});
