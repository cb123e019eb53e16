import type { Kafka, Producer, ProducerBatch } from 'kafkajs';
import { Pool } from 'pg';
import type { EventMetadata } from '@yuqing/contracts';
import { loadCheckpoint, migrate, PostgresEventStore } from '@yuqing/event-store';
import { infraEnv, testDatabase, uniqueName, waitFor } from '@yuqing/testing';
import { createKafka, ensureTopics } from '../kafka';
import { OutboxRelay } from './outbox-relay';
import { messagesOn, TopicRecorder } from './testing/topic-recorder';

// docs/event-store.md: "One relay per service publishes at a time (a PostgreSQL advisory lock); replicas wait",
// and "in order per stream". Two relays of one service race over one outbox from the start, as two replicas
// would: each has its own connections (the lock is a session's) and its own Kafka producer. Midway the one
// publishing is stopped and a third replica joins. Several writers append to many streams all the while.
// Checked on the consumer side: each stream's positions arrive 1, 2, 3 … with none missing and none repeated;
// and on the producers: no two sends ever overlap, each event is sent once, and the lock has one holder.
const db = testDatabase('relayrace', 20);
const store = new PostgresEventStore({ pool: db.pool, schema: db.schema });
const { DATABASE_URL, KAFKA_BROKERS } = infraEnv();
const kafka = createKafka({ brokers: KAFKA_BROKERS, clientId: 'relay-race-test' });
const topic = `yuqing.test.${uniqueName('relayrace')}`;
const metadata: EventMetadata = {
  orgUnit: 'cn-yn-km',
  actor: { kind: 'integrator', id: 'crawler-1' },
  correlationId: 'race',
};

const STREAMS = 24;
const PER_STREAM = 25;
const TOTAL = STREAMS * PER_STREAM;
const WRITERS = 8;
const RELAY_NAME = 'kafka-relay';

/** One `sendBatch` of a relay's producer: who sent which events, from when to when (one process, one clock). */
interface Send {
  readonly relay: string;
  readonly eventIds: readonly string[];
  readonly start: number;
  end: number;
}
const sends: Send[] = [];

/** A Kafka client whose producers note every batch they send in `sends`. */
function recordingKafka(relay: string): Kafka {
  const client = createKafka({ brokers: KAFKA_BROKERS, clientId: `relay-race-${relay}` });
  const producer = client.producer.bind(client);
  client.producer = (config) => {
    const created: Producer = producer(config);
    const sendBatch = created.sendBatch.bind(created);
    created.sendBatch = async (batch: ProducerBatch) => {
      const send: Send = {
        relay,
        eventIds: (batch.topicMessages ?? []).flatMap((t) =>
          t.messages.map((m) => String((m.headers as Record<string, string | Buffer>).ce_id)),
        ),
        start: performance.now(),
        end: Number.POSITIVE_INFINITY,
      };
      sends.push(send);
      try {
        return await sendBatch(batch);
      } finally {
        send.end = performance.now();
      }
    };
    return created;
  };
  return client;
}

interface Replica {
  readonly name: string;
  readonly relay: OutboxRelay;
  readonly pool: Pool;
}
const replicas: Replica[] = [];
const errors: unknown[] = [];

function startReplica(name: string): Replica {
  // A pool of its own: a replica in another process has its own sessions, and the lock belongs to one.
  const pool = new Pool({ connectionString: DATABASE_URL, max: 3 });
  pool.on('error', () => undefined);
  const replicaStore = new PostgresEventStore({ pool, schema: db.schema });
  const relay = new OutboxRelay({
    store: replicaStore,
    pool,
    kafka: recordingKafka(name),
    source: '/yuqing/test',
    topicFor: () => topic,
    name: RELAY_NAME,
    batchSize: 40,
    idleMs: 10,
    onError: (error) => errors.push(error),
  });
  relay.start();
  const replica = { name, relay, pool };
  replicas.push(replica);
  return replica;
}

async function stopReplica(replica: Replica): Promise<void> {
  await replica.relay.stop();
  await replica.pool.end();
  replicas.splice(replicas.indexOf(replica), 1);
}

/** How many sessions hold the relay's advisory lock (`pg_try_advisory_lock(hashtext(key))`: an int8 key). */
async function lockHolders(): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(
    `select count(*)::int as n from pg_locks
      where locktype = 'advisory' and granted and objsubid = 1
        and classid::text::bigint = ((hashtext($1)::bigint >> 32) & 4294967295)
        and objid::text::bigint = (hashtext($1)::bigint & 4294967295)`,
    [`yuqing.relay.${db.schema}.${RELAY_NAME}`],
  );
  return rows[0]!.n;
}

const relayed = async (): Promise<bigint> =>
  BigInt((await loadCheckpoint(db.pool, db.schema, `relay:${RELAY_NAME}`)).globalPosition);

const recorder = new TopicRecorder(kafka, topic);

beforeAll(async () => {
  await migrate(db.pool, db.schema, store.migrations());
  await ensureTopics(kafka, [{ topic, numPartitions: 4 }]);
  await recorder.start();
});

afterAll(async () => {
  for (const replica of [...replicas]) await stopReplica(replica);
  await recorder.stop();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  await db.drop();
});

it('publishes with one relay of a service at a time, each stream in order, while replicas race and fail over', async () => {
  startReplica('a');
  startReplica('b');

  // Writers take the streams in turns and append one to three events at a time, all streams at once.
  const writers = Array.from({ length: WRITERS }, async (_, w) => {
    const mine = Array.from(
      { length: STREAMS / WRITERS },
      (_, i) => `ingestion-incident-race-${w + i * WRITERS}`,
    );
    const written = new Map(mine.map((s) => [s, 0]));
    while ([...written.values()].some((n) => n < PER_STREAM)) {
      for (const streamId of mine) {
        const at = written.get(streamId)!;
        const count = Math.min(PER_STREAM - at, 1 + ((at + w) % 3));
        if (count === 0) continue;
        await store.append(
          streamId,
          Array.from({ length: count }, (_, i) => ({
            type: 'ingestion.ItemAttachedToIncident',
            data: { n: at + i + 1 },
          })),
          { expectedVersion: at, metadata },
        );
        written.set(streamId, at + count);
      }
    }
  });

  await waitFor(
    'the relays to publish a third of the events',
    async () => (await relayed()) >= BigInt(TOTAL / 3),
  );
  // Both replicas are running and asking for the lock (checked below, after what the consumer saw).
  const holdersWhileRacing = await lockHolders();
  const sendersBeforeStop = new Set(sends.map((s) => s.relay));
  const first = sends[0]!.relay;
  const leader = replicas.find((r) => r.name === first)!;
  // The leader stops (its batch in hand finished, its lock released); the waiting replica takes over, and a third
  // joins to race it.
  await stopReplica(leader);
  const stoppedAt = sends.length;
  startReplica('c');

  await Promise.all(writers);
  const head = BigInt((await store.head()).globalPosition);
  await waitFor('the relays to publish everything', async () => (await relayed()) >= head, 60000);
  const holdersAtEnd = await lockHolders();
  const onTopic = await messagesOn(kafka, topic);
  await waitFor(
    'the consumer side to read the whole topic',
    async () => recorder.all().length >= onTopic,
    30000,
  );

  // Consumer side: per stream, positions 1, 2, 3 … in topic order, none missing, none repeated.
  const expected = Array.from({ length: PER_STREAM }, (_, i) => i + 1);
  const positions = recorder.positionsByStream();
  expect(positions.size).toBe(STREAMS);
  const outOfOrder = [...positions]
    .filter(([, seen]) => seen.join() !== expected.join())
    .map(([streamId, seen]) => `${streamId}: ${seen.join(' ')}`);
  expect(outOfOrder).toEqual([]);

  // Producer side: one sender at a time, each event sent once.
  const ordered = [...sends].sort((x, y) => x.start - y.start);
  const overlapping = ordered.filter((send, i) => i > 0 && send.start < ordered[i - 1]!.end);
  expect(overlapping.map((s) => s.relay)).toEqual([]);
  const sent = sends.flatMap((s) => s.eventIds);
  expect(sent).toHaveLength(TOTAL);
  expect(new Set(sent).size).toBe(TOTAL);

  // One session held the lock while replicas raced; before the stop, one replica sent everything.
  expect([holdersWhileRacing, holdersAtEnd]).toEqual([1, 1]);
  expect([...sendersBeforeStop]).toEqual([first]);
  // The first leader sent only before it stopped; after it, a replica that had waited took over.
  expect(sends.slice(stoppedAt).filter((s) => s.relay === first)).toEqual([]);
  expect(sends.slice(stoppedAt).length).toBeGreaterThan(0);
  expect(errors).toEqual([]);
}, 120000);
