import type { Kafka, Producer } from 'kafkajs';
import { register } from 'prom-client';
import type { RecordedEvent } from '@yuqing/contracts';
import { migrate, PostgresEventStore, uuidv7 } from '@yuqing/event-store';
import { infraEnv, testDatabase, uniqueName, waitFor } from '@yuqing/testing';
import { toHeaders } from '../cloudevents';
import { createKafka, ensureTopics } from '../kafka';
import { InboxConsumer } from './inbox-consumer';

// A consumer must apply each event once however often Kafka delivers it, and a message it cannot handle must
// not block the partition: after bounded retries it goes to the dead-letter topic with its error.
const db = testDatabase('inbox');
const store = new PostgresEventStore({ pool: db.pool, schema: db.schema });
const kafka: Kafka = createKafka({ brokers: infraEnv().KAFKA_BROKERS, clientId: 'inbox-test' });
const topic = `yuqing.test.${uniqueName('inbox')}`;
const dlq = `${topic}.dlq`;
let producer: Producer;

function event(title: string, extra: Record<string, unknown> = {}): RecordedEvent {
  return {
    eventId: uuidv7(),
    type: 'ingestion.ItemCaptured',
    schemaVersion: 1,
    streamId: `ingestion-item-${uuidv7()}`,
    streamPosition: 1,
    globalPosition: '1',
    transactionId: '1',
    data: { title, ...extra },
    metadata: { orgUnit: 'cn-yn-km', actor: { kind: 'integrator', id: 'crawler' }, correlationId: 'c-9' },
    recordedAt: new Date('2026-11-25T08:00:00Z'),
  };
}

async function publish(...events: RecordedEvent[]): Promise<void> {
  await producer.send({
    topic,
    messages: events.map((e) => ({
      key: e.streamId,
      value: JSON.stringify(e.data),
      headers: toHeaders(e, '/yuqing/test'),
    })),
  });
}

async function titles(): Promise<string[]> {
  return (
    await db.pool.query<{ title: string }>(`select title from ${db.schema}.items order by seq`)
  ).rows.map((r) => r.title);
}

let consumer: InboxConsumer;
let groupId: string;
const errors: string[] = [];

beforeAll(async () => {
  await migrate(db.pool, db.schema, store.migrations());
  await db.pool.query(
    `create table ${db.schema}.items (seq bigserial, event_id uuid not null, title text not null)`,
  );
  await ensureTopics(kafka, [
    { topic, numPartitions: 1 },
    { topic: dlq, numPartitions: 1 },
  ]);
  producer = kafka.producer();
  await producer.connect();
  consumer = new InboxConsumer({
    kafka,
    pool: db.pool,
    schema: db.schema,
    groupId: (groupId = uniqueName('inbox-group')),
    topics: [topic],
    maxAttempts: 3,
    retryDelayMs: 20,
    sessionTimeoutMs: 10000,
    onError: (error) => errors.push(String(error)),
    handle: async (e, client) => {
      const data = e.data as { title: string; poison?: boolean };
      await client.query(`insert into ${db.schema}.items (event_id, title) values ($1, $2)`, [
        e.eventId,
        data.title,
      ]);
      // Fails after writing, so a partial effect would show if the transaction did not roll it back.
      if (data.poison) throw new Error(`cannot apply ${data.title}`);
    },
  });
  await consumer.start();
});

afterAll(async () => {
  await consumer.stop();
  await producer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic, dlq] }).catch(() => undefined);
  await admin.disconnect();
  await db.drop();
});

it('applies a redelivered event once', async () => {
  const once = event('重复投递的帖子');
  await publish(once, once, once);
  const after = event('之后的帖子');
  await publish(after);
  await waitFor('both items', async () => (await titles()).includes('之后的帖子'));
  expect((await titles()).filter((t) => t === '重复投递的帖子')).toHaveLength(1);
});

it('sends a poison message to the DLQ with its error and original headers, and processes the messages behind it', async () => {
  const dlqConsumer = kafka.consumer({ groupId: uniqueName('dlq-reader'), sessionTimeout: 10000 });
  await dlqConsumer.connect();
  await dlqConsumer.subscribe({ topic: dlq, fromBeginning: true });
  const parked: Record<string, string>[] = [];
  await dlqConsumer.run({
    eachMessage: async ({ message }) => {
      parked.push(Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])));
    },
  });

  const poison = event('有毒的消息', { poison: true });
  await publish(event('毒前'), poison, event('毒后'));
  await producer.send({ topic, messages: [{ key: 'x', value: 'not json at all' }] });
  await publish(event('最后一条'));

  await waitFor('the messages behind the poison', async () => (await titles()).includes('最后一条'));
  await waitFor('two parked messages', async () => parked.length >= 2);
  await dlqConsumer.disconnect();

  const current = await titles();
  expect(current).toEqual(expect.arrayContaining(['毒前', '毒后', '最后一条']));
  expect(current).not.toContain('有毒的消息');

  const poisoned = parked.find((h) => h.ce_id === poison.eventId);
  expect(poisoned).toMatchObject({
    ce_type: 'ingestion.ItemCaptured',
    ce_subject: poison.streamId,
    tenant: 'cn-yn-km',
    dlq_error: 'Error: cannot apply 有毒的消息',
    dlq_attempts: '3',
    dlq_original_topic: topic,
    dlq_original_partition: '0',
  });
  expect(errors.filter((e) => e.includes('cannot apply'))).toHaveLength(3);
  const malformed = parked.find((h) => !h.ce_id);
  expect(malformed?.dlq_error).toMatch(/^malformed event message: header ce_specversion: /);
});

it('reports its lag as a metric and commits its offsets when it stops', async () => {
  await publish(event('停止前的最后一条'));
  await waitFor('the last item', async () => (await titles()).includes('停止前的最后一条'));
  await waitFor('a lag of zero', async () => {
    const text = await register.getSingleMetricAsString('yuqing_consumer_lag_messages');
    return new RegExp(
      `yuqing_consumer_lag_messages\\{group="${groupId}",topic="${topic.replace(/\./g, '\\.')}",partition="0"\\} 0`,
    ).test(text);
  });

  await consumer.stop();
  const admin = kafka.admin();
  await admin.connect();
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const [end] = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  expect(committed!.partitions[0]!.offset).toBe(end!.high);
});

it('starts a new group at a given time, skipping what came before, and resumes a known group where it stopped', async () => {
  const later = `${topic}.later`;
  await ensureTopics(kafka, [{ topic: later, numPartitions: 2 }]);
  // Each message carries the time it is sent at (Kafka's CreateTime), given here rather than read from a clock.
  const send = (title: string, at: number) =>
    producer.send({
      topic: later,
      messages: [
        {
          key: title,
          value: JSON.stringify({ title }),
          headers: toHeaders(event(title), '/yuqing/test'),
          timestamp: String(at),
        },
      ],
    });
  const seen: string[] = [];
  const group = uniqueName('inbox-from-time');
  const start = (startFrom: { timestamp: number }) => {
    const c = new InboxConsumer({
      kafka,
      pool: db.pool,
      schema: db.schema,
      groupId: group,
      topics: [later],
      startFrom,
      sessionTimeoutMs: 10000,
      handle: async (e) => void seen.push((e.data as { title: string }).title),
    });
    return c.start().then(() => c);
  };

  const from = Date.now();
  await send('开始之前的旧帖一', from - 2);
  await send('开始之前的旧帖二', from - 1);
  await send('开始之后的新帖', from);
  const first = await start({ timestamp: from });
  await waitFor('the item after the start time', async () => seen.includes('开始之后的新帖'));
  await first.stop();
  expect(seen).toEqual(['开始之后的新帖']);

  // The group has committed: a start time in the future is ignored, and what came while it was away arrives.
  await send('停机期间的帖子', from + 1);
  const second = await start({ timestamp: Date.now() + 3_600_000 });
  await waitFor('the item sent while stopped', async () => seen.includes('停机期间的帖子'));
  await second.stop();
  expect(seen).toEqual(['开始之后的新帖', '停机期间的帖子']);

  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [later] }).catch(() => undefined);
  await admin.disconnect();
});
