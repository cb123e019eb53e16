import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { EventMetadata } from '@yuqing/contracts';
import { loadCheckpoint, migrate, PostgresEventStore } from '@yuqing/event-store';
import { infraEnv, testDatabase, uniqueName, waitFor } from '@yuqing/testing';
import { InboxConsumer } from '../consumer/inbox-consumer';
import { createKafka, ensureTopics } from '../kafka';

// The outbox relay under fire: 10,000 events across 500 streams appended concurrently while the relay runs in
// its own process; it is killed mid-batch and restarted. Every event must reach Kafka and the consumer's read
// model must equal a fresh replay of the store: no loss, no double effect.
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

async function relayed(): Promise<bigint> {
  return BigInt((await loadCheckpoint(db.pool, db.schema, 'relay:kafka-relay')).globalPosition);
}

let consumer: InboxConsumer;
const relays: ChildProcess[] = [];

beforeAll(async () => {
  await migrate(db.pool, db.schema, store.migrations());
  await db.pool.query(
    `create table ${db.schema}.stream_totals (stream_id text primary key, events int not null, sum_n bigint not null)`,
  );
  await db.pool.query(`create table ${db.schema}.seen (event_id uuid primary key)`);
  await ensureTopics(kafka, [
    { topic, numPartitions: 6 },
    { topic: `${topic}.dlq`, numPartitions: 1 },
  ]);
  consumer = new InboxConsumer({
    kafka,
    pool: db.pool,
    schema: db.schema,
    groupId: uniqueName('relay-test-group'),
    topics: [topic],
    sessionTimeoutMs: 10000,
    partitionsConsumedConcurrently: 3,
    handle: async (event, client) => {
      await client.query(`insert into ${db.schema}.seen (event_id) values ($1)`, [event.eventId]);
      await client.query(
        `insert into ${db.schema}.stream_totals values ($1, 1, $2)
           on conflict (stream_id) do update set events = stream_totals.events + 1, sum_n = stream_totals.sum_n + excluded.sum_n`,
        [event.streamId, (event.data as { n: number }).n],
      );
    },
  });
  await consumer.start();
});

afterAll(async () => {
  for (const relay of relays) relay.kill('SIGKILL');
  await consumer.stop();
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
  relays[0]!.kill('SIGKILL');
  const atKill = await relayed();
  relays.push(startRelay());
  await Promise.all(writers);

  await waitFor(
    'the relay to publish everything',
    async () => (await relayed()) >= BigInt((await store.head()).globalPosition),
    90000,
  );
  await waitFor(
    'the consumer to apply every event',
    async () => (await db.pool.query(`select count(*)::int as n from ${db.schema}.seen`)).rows[0].n >= TOTAL,
    90000,
  );

  expect(atKill).toBeLessThan(BigInt(TOTAL));
  const seen = await db.pool.query(`select count(*)::int as n from ${db.schema}.seen`);
  expect(seen.rows[0].n).toBe(TOTAL);

  // The read model equals a fresh replay of the store.
  const replay = new Map<string, { events: number; sum_n: number }>();
  for (const event of await (async () => {
    const all = [];
    let page = await store.readAll(undefined, 5000);
    while (page.events.length > 0) {
      all.push(...page.events);
      page = await store.readAll(page.checkpoint, 5000);
    }
    return all;
  })()) {
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
