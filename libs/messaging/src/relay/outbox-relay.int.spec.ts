import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { EventMetadata } from '@yuqing/contracts';
import { loadCheckpoint, migrate, PostgresEventStore, type Checkpoint } from '@yuqing/event-store';
import { eventually, infraEnv, testDatabase, uniqueName, waitFor } from '@yuqing/testing';
import { InboxConsumer } from '../consumer/inbox-consumer';
import { createKafka, ensureTopics } from '../kafka';
import { groupCaughtUp, messagesOn, TopicRecorder } from './testing/topic-recorder';

// The outbox relay under fire: 10,000 events across 500 streams appended concurrently while the relay runs in
// its own process; it is killed with SIGKILL after publishing a batch and before moving its checkpoint, and
// restarted. That batch reaches Kafka twice (at least once); the consumer's inbox must absorb the copies: the
// handler applies every event exactly once, nothing is dead-lettered, and the read model equals a fresh replay.
const db = testDatabase('relay', 30);
const store = new PostgresEventStore({ pool: db.pool, schema: db.schema });
const { DATABASE_URL, KAFKA_BROKERS } = infraEnv();
const kafka = createKafka({ brokers: KAFKA_BROKERS, clientId: 'relay-test' });
const topic = `yuqing.test.${uniqueName('relay')}`;
const metadata: EventMetadata = {
  orgUnit: 'cn-yn-km',
  actor: { kind: 'integrator', id: 'crawler-1' },
  correlationId: 'load',
};

const STREAMS = 500;
const PER_STREAM = 20;
const TOTAL = STREAMS * PER_STREAM;

function startRelay(): ChildProcess {
  return spawn(
    process.execPath,
    ['-r', '@swc-node/register', path.join(__dirname, 'testing/relay-process.ts')],
    {
      cwd: path.resolve(__dirname, '../../../..'),
      env: {
        ...process.env,
        DATABASE_URL,
        KAFKA_BROKERS: KAFKA_BROKERS.join(','),
        RELAY_SCHEMA: db.schema,
        RELAY_TOPIC: topic,
        RELAY_BATCH: '250',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
}

const checkpoint = (): Promise<Checkpoint> => loadCheckpoint(db.pool, db.schema, 'relay:kafka-relay');

async function relayed(): Promise<bigint> {
  return BigInt((await checkpoint()).globalPosition);
}

const count = async (sql: string): Promise<number> => (await db.pool.query<{ n: number }>(sql)).rows[0]!.n;

const groupId = uniqueName('relay-test-group');
let consumer: InboxConsumer;
// What the topic holds, read without an inbox: where the relay's second copies show.
const recorder = new TopicRecorder(kafka, topic);
const relays: ChildProcess[] = [];

beforeAll(async () => {
  await migrate(db.pool, db.schema, store.migrations());
  await db.pool.query(
    `create table ${db.schema}.stream_totals (stream_id text primary key, events int not null, sum_n bigint not null)`,
  );
  // How many times the handler applied each event: a second application is counted here, not refused.
  await db.pool.query(`create table ${db.schema}.handled (event_id uuid primary key, times int not null)`);
  await ensureTopics(kafka, [
    { topic, numPartitions: 6 },
    { topic: `${topic}.dlq`, numPartitions: 1 },
  ]);
  consumer = new InboxConsumer({
    kafka,
    pool: db.pool,
    schema: db.schema,
    groupId,
    topics: [topic],
    sessionTimeoutMs: 10000,
    partitionsConsumedConcurrently: 3,
    handle: async (event, client) => {
      await client.query(
        `insert into ${db.schema}.handled values ($1, 1)
           on conflict (event_id) do update set times = handled.times + 1`,
        [event.eventId],
      );
      await client.query(
        `insert into ${db.schema}.stream_totals values ($1, 1, $2)
           on conflict (stream_id) do update set events = stream_totals.events + 1, sum_n = stream_totals.sum_n + excluded.sum_n`,
        [event.streamId, (event.data as { n: number }).n],
      );
    },
  });
  await consumer.start();
  await recorder.start();
});

afterAll(async () => {
  for (const relay of relays) relay.kill('SIGKILL');
  await consumer.stop();
  await recorder.stop();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic, `${topic}.dlq`] }).catch(() => undefined);
  await admin.disconnect();
  await db.drop();
});

it('delivers 10,000 concurrently appended events through a relay killed mid-batch, each applied exactly once', async () => {
  relays.push(startRelay());

  // 16 writers take streams in turn; each append carries one or two events.
  let next = 0;
  const writers = Array.from({ length: 16 }, async () => {
    while (next < STREAMS) {
      const s = next++;
      for (let n = 1; n <= PER_STREAM; n += 2) {
        await store.append(
          `ingestion-incident-${s}`,
          [
            { type: 'ingestion.ItemAttachedToIncident', data: { n } },
            { type: 'ingestion.ItemAttachedToIncident', data: { n: n + 1 } },
          ],
          { expectedVersion: n - 1, metadata },
        );
      }
    }
  });

  await waitFor('the relay to publish 2,000 events', async () => (await relayed()) >= 2000n, 60000);

  // Mid-batch, made certain: the checkpoint table is locked (no transaction id taken, so readers of the log are
  // not held back), the relay reads a batch, publishes it and then waits on the lock to move its checkpoint.
  const lock = await db.pool.connect();
  let frozen: Checkpoint;
  try {
    await lock.query('begin');
    await lock.query(`lock table ${db.schema}.checkpoints in exclusive mode`);
    const lockPid = (await lock.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    frozen = await checkpoint();
    const waiting = await eventually(
      'the relay to publish a batch and wait to move its checkpoint',
      async () =>
        (
          await db.pool.query<{ pid: number }>(
            'select pid from pg_stat_activity where $1 = any(pg_blocking_pids(pid))',
            [lockPid],
          )
        ).rows[0]?.pid,
      60000,
    );
    // The batch starts with the first event after the checkpoint; it is on the topic before the kill.
    const [firstOfBatch] = (await store.readAll(frozen, 1)).events;
    await waitFor('the first event of the batch on the topic', async () =>
      recorder.copiesByEventId().has(firstOfBatch!.eventId),
    );
    const dead = new Promise((resolve) => relays[0]!.once('exit', resolve));
    relays[0]!.kill('SIGKILL');
    await dead;
    // Its checkpoint update is still queued on the server, which only notices the dead client when it answers
    // (after committing). Ending that session is the crash one statement earlier: published, checkpoint never sent.
    await db.pool.query('select pg_terminate_backend($1)', [waiting]);
    await waitFor(
      'the killed relay to leave the server',
      async () =>
        (await db.pool.query('select 1 from pg_stat_activity where pid = $1', [waiting])).rowCount === 0,
    );
  } finally {
    // Released however the wait above ended: an open lock would hold up the schema's drop.
    await lock.query('rollback');
    lock.release();
  }
  const atKill = await relayed();
  expect(atKill).toBe(BigInt(frozen.globalPosition));
  // The events of the batch that the topic held when the relay died: published once already, not checkpointed.
  const onTopic = recorder.copiesByEventId();
  const publishedUncheckpointed = (await store.readAll(frozen, 250)).events
    .map((e) => e.eventId)
    .filter((id) => onTopic.has(id));
  expect(publishedUncheckpointed.length).toBeGreaterThan(0);

  relays.push(startRelay());
  await Promise.all(writers);

  await waitFor(
    'the relay to publish everything',
    async () => (await relayed()) >= BigInt((await store.head()).globalPosition),
    90000,
  );
  // Everything published is on the topic; the inbox consumer has handled all of it, second copies included.
  const onTopicInAll = await messagesOn(kafka, topic);
  await waitFor(
    'the recorder to read the whole topic',
    async () => recorder.all().length >= onTopicInAll,
    60000,
  );
  await waitFor('the consumer to handle the whole topic', () => groupCaughtUp(kafka, groupId, topic), 90000);

  expect(atKill).toBeLessThan(BigInt(TOTAL));
  // Kafka delivered the batch the relay had published before it died a second time, after the restart.
  const copies = recorder.copiesByEventId();
  expect(copies.size).toBe(TOTAL);
  expect(publishedUncheckpointed.filter((id) => (copies.get(id) ?? 0) < 2)).toEqual([]);
  // The inbox, not the test, absorbed those copies: every event applied exactly once, nothing dead-lettered.
  expect(await count(`select count(*)::int as n from ${db.schema}.handled`)).toBe(TOTAL);
  expect(
    (await db.pool.query(`select event_id, times from ${db.schema}.handled where times <> 1 limit 5`)).rows,
  ).toEqual([]);
  expect(await messagesOn(kafka, `${topic}.dlq`)).toBe(0);

  const stored = [];
  for (let page = await store.readAll(undefined, 5000); page.events.length > 0;) {
    stored.push(...page.events);
    page = await store.readAll(page.checkpoint, 5000);
  }
  const handledIds = await db.pool.query<{ event_id: string }>(`select event_id from ${db.schema}.handled`);
  expect(new Set(handledIds.rows.map((r) => r.event_id))).toEqual(new Set(stored.map((e) => e.eventId)));

  // The read model equals a fresh replay of the store.
  const replay = new Map<string, { events: number; sum_n: number }>();
  for (const event of stored) {
    const row = replay.get(event.streamId) ?? { events: 0, sum_n: 0 };
    replay.set(event.streamId, {
      events: row.events + 1,
      sum_n: row.sum_n + (event.data as { n: number }).n,
    });
  }
  const model = await db.pool.query<{ stream_id: string; events: number; sum_n: string }>(
    `select stream_id, events, sum_n from ${db.schema}.stream_totals`,
  );
  expect(model.rows).toHaveLength(STREAMS);
  expect(new Map(model.rows.map((r) => [r.stream_id, { events: r.events, sum_n: Number(r.sum_n) }]))).toEqual(
    replay,
  );
  for (const row of model.rows)
    expect(row).toMatchObject({ events: PER_STREAM, sum_n: String((PER_STREAM * (PER_STREAM + 1)) / 2) });
}, 240000);
