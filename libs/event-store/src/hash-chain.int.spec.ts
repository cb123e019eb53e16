import type { EventMetadata } from '@yuqing/contracts';
import { rewriteBehindTheLog, testDatabase } from '@yuqing/testing';
import { PostgresEventStore } from './event-store';
import { migrate } from './postgres/migrations';
import { eventStoreMigrations } from './postgres/schema';
import { uuidv7 } from './uuid';

// An auditor must be able to tell that history was altered: any changed byte, a removed or reordered event.
const db = testDatabase('chain');
const store = new PostgresEventStore({ pool: db.pool, schema: db.schema });
const metadata: EventMetadata = {
  orgUnit: 'cn-yn-km',
  actor: { kind: 'user', id: 'officer-7' },
  correlationId: 'c-1',
};

async function streamOfFive(): Promise<string> {
  const id = `reporting-obligation-${uuidv7()}`;
  await store.append(
    id,
    [1, 2, 3, 4, 5].map((n) => ({
      type: 'reporting.FlashReportSent',
      data: { n, channel: '电话', text: `快报第${n}次` },
    })),
    { expectedVersion: 'no_stream', metadata },
  );
  return id;
}

/** Someone with the owner's rights switches the append-only triggers off and rewrites the stream. */
async function tamper(sql: string, id: string): Promise<void> {
  const statements = sql.split(';').map((statement) => statement.replaceAll('$schema', db.schema));
  await rewriteBehindTheLog(db.pool, db.schema, statements, [id]);
}

beforeAll(async () => {
  await migrate(db.pool, db.schema, store.migrations());
});
afterAll(() => db.drop());

describe('an append-only log', () => {
  it.each([
    ['UPDATE', `update $schema.events set data = data || '{"text": "改"}' where stream_id = $1`],
    ['DELETE', `delete from $schema.events where stream_id = $1`],
    ['TRUNCATE', `truncate $schema.events`],
  ])(
    'refuses %s of events to the role the service connects as, naming the table; the stream stays whole',
    async (op, sql) => {
      const id = await streamOfFive();
      const params = sql.includes('$1') ? [id] : [];
      await expect(db.pool.query(sql.replaceAll('$schema', db.schema), params)).rejects.toThrow(
        `${db.schema}.events is append-only: ${op} refused`,
      );
      expect(await store.verifyStream(id)).toEqual({ streamId: id, ok: true, events: 5 });
    },
  );
});

describe('hash chain verification', () => {
  it('accepts an untouched stream', async () => {
    const id = await streamOfFive();
    expect(await store.verifyStream(id)).toEqual({ streamId: id, ok: true, events: 5 });
  });

  it.each([
    [
      'a change to one character of the data',
      `update $schema.events set data = jsonb_set(data, '{text}', '"快报第9次"') where stream_id = $1 and stream_position = 3`,
      3,
    ],
    [
      'a change to a number in the data',
      `update $schema.events set data = jsonb_set(data, '{n}', '30') where stream_id = $1 and stream_position = 3`,
      3,
    ],
    [
      'a change to the metadata',
      `update $schema.events set metadata = jsonb_set(metadata, '{actor,id}', '"someone-else"') where stream_id = $1 and stream_position = 2`,
      2,
    ],
    [
      'a change to the event type',
      `update $schema.events set event_type = 'reporting.ReportOverdue' where stream_id = $1 and stream_position = 4`,
      4,
    ],
    [
      'a change to the schema version',
      `update $schema.events set schema_version = 2 where stream_id = $1 and stream_position = 5`,
      5,
    ],
    [
      'a change to the recorded time',
      `update $schema.events set recorded_at = recorded_at - interval '1 hour' where stream_id = $1 and stream_position = 1`,
      1,
    ],
    [
      'two events swapped',
      `update $schema.events set stream_position = 1002 where stream_id = $1 and stream_position = 2;
       update $schema.events set stream_position = 2 where stream_id = $1 and stream_position = 3;
       update $schema.events set stream_position = 3 where stream_id = $1 and stream_position = 1002`,
      2,
    ],
    ['an event removed', `delete from $schema.events where stream_id = $1 and stream_position = 3`, 4],
  ])('names the stream and position after %s', async (_what, sql, position) => {
    const id = await streamOfFive();
    await tamper(sql, id);
    const result = await store.verifyStream(id);
    expect(result.ok).toBe(false);
    expect(result.firstBreak).toMatchObject({ streamId: id, position });
  });

  it('finds every broken stream across the whole store, page by page', async () => {
    const intact = await streamOfFive();
    const broken = await streamOfFive();
    await tamper(
      `update $schema.events set data = data || '{"extra": true}' where stream_id = $1 and stream_position = 5`,
      broken,
    );

    const result = await store.verifyAll(3);
    expect(result.ok).toBe(false);
    expect(result.broken.map((b) => b.streamId)).toContain(broken);
    expect(result.broken.map((b) => b.streamId)).not.toContain(intact);
    expect(result.broken.find((b) => b.streamId === broken)?.position).toBe(5);
    const { rows } = await db.pool.query(
      `select count(distinct stream_id)::int as streams, count(*)::int as events from ${db.schema}.events`,
    );
    expect({ streams: result.streams, events: result.events }).toEqual(rows[0]);
  });

  it('keeps verifying events written before the append function was replaced by a later migration', async () => {
    const schema = `${db.schema}_m`;
    const [first, ...later] = eventStoreMigrations(schema);
    await migrate(db.pool, schema, [first!]);
    const id = `reporting-obligation-${uuidv7()}`;
    await db.pool.query(
      `select * from ${schema}.append_to_stream($1, -1, array[gen_random_uuid()], array['reporting.FlashReportSent'], array[1],
         array['{"text": "旧版本写入的快报"}'::jsonb], array[$2::jsonb])`,
      [id, JSON.stringify(metadata)],
    );
    await migrate(db.pool, schema, [first!, ...later]);
    const upgraded = new PostgresEventStore({ pool: db.pool, schema });
    await upgraded.append(id, [{ type: 'reporting.FlashReportSent', data: { text: '新版本写入的快报' } }], {
      expectedVersion: 1,
      metadata,
    });
    expect(await upgraded.verifyStream(id)).toEqual({ streamId: id, ok: true, events: 2 });
    await db.pool.query(`drop schema ${schema} cascade`);
  });
});
