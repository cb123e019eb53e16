// Our side: @yuqing/event-store in a schema of its own database, and @yuqing/messaging's OutboxRelay to Kafka.
import type { Consumer, Kafka } from 'kafkajs';
import { Pool } from 'pg';
import { advanceCheckpoint, loadCheckpoint, migrate, PostgresEventStore, START } from '@yuqing/event-store';
import { createKafka, ensureTopics, OutboxRelay } from '@yuqing/messaging';
import { errorText, log, type Delivery, type SideConfig, type StoreSide } from './protocol';
import type { BenchEvent } from './workload';

const SCHEMA = 'bench';
const POOL_MAX = 10;
const RELAY_NAME = 'bench';
const TOPIC_PARTITIONS = 6;

export async function createOursSide(config: SideConfig): Promise<StoreSide> {
  const pool = new Pool({ connectionString: config.databaseUrl, max: POOL_MAX });
  pool.on('error', (error) => log(`pool: ${error.message}`));
  const store = new PostgresEventStore({ pool, schema: SCHEMA });
  await migrate(pool, SCHEMA, store.migrations());

  const append = async (
    streamId: string,
    events: readonly BenchEvent[],
    expected: number,
  ): Promise<number> => {
    const result = await store.append(
      streamId,
      events.map((event) => ({ type: event.type, data: event.data })),
      { expectedVersion: expected === 0 ? 'no_stream' : expected, metadata: events[0]!.metadata },
    );
    return result.nextExpectedVersion;
  };

  const replay = async (
    pageSize: number,
    countDistinct: boolean,
  ): Promise<{ read: number; distinct?: number }> => {
    let checkpoint = START;
    let read = 0;
    const seen = countDistinct ? new Set<string>() : undefined;
    for (let i = 0; i < 10_000_000; i++) {
      const page = await store.readAll(checkpoint, pageSize);
      read += page.events.length;
      if (seen) for (const event of page.events) seen.add(event.globalPosition);
      if (page.events.length < pageSize) break;
      checkpoint = page.checkpoint;
    }
    return seen ? { read, distinct: seen.size } : { read };
  };

  /** Moves the relay's checkpoint to the end of the log, so it publishes only what the lag row appends. */
  const checkpointAtEnd = async (checkpointName: string): Promise<void> => {
    const { rows } = await pool.query<{ transaction_id: string; global_position: string }>(
      `select transaction_id::text, global_position::text from ${SCHEMA}.events
        order by transaction_id desc, global_position desc limit 1`,
    );
    const from = await loadCheckpoint(pool, SCHEMA, checkpointName);
    const last = rows[0];
    if (last) {
      const to = { transactionId: last.transaction_id, globalPosition: last.global_position };
      if (!(await advanceCheckpoint(pool, SCHEMA, checkpointName, from, to))) {
        throw new Error('could not move the relay checkpoint');
      }
    }
  };

  const startDelivery = async (onDelivered: (seq: number) => void): Promise<Delivery> => {
    const kafka: Kafka = createKafka({
      brokers: config.kafkaBrokers,
      clientId: `yuqing-bench-${config.runId}`,
      onLog: ({ level, message }) => {
        if (level === 'error') log(`kafka: ${message}`);
      },
    });
    const topic = config.kafkaTopic;
    const groupId = `yuqing-bench-${config.runId}`;
    await ensureTopics(kafka, [{ topic, numPartitions: TOPIC_PARTITIONS }]);
    const relay = new OutboxRelay({
      store,
      pool,
      kafka,
      source: '/yuqing/bench',
      topicFor: () => topic,
      name: RELAY_NAME,
      onError: (error) => log(`relay error: ${errorText(error)}`),
    });
    await checkpointAtEnd(relay.checkpointName);
    relay.start();

    const consumer: Consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const data = JSON.parse(message.value?.toString('utf8') ?? '{}') as { seq?: unknown };
        if (typeof data.seq === 'number') onDelivered(data.seq);
      },
    });

    return {
      path: 'append commit → OutboxRelay polls the events table (readAll) → Kafka producer (acks=all, idempotent) → kafkajs consumer eachMessage',
      settings: {
        relayBatchSize: 500,
        relayIdleMs: 100,
        relayNudged: false,
        topicPartitions: TOPIC_PARTITIONS,
        consumer: 'plain kafkajs consumer (no inbox transaction)',
      },
      stop: async () => {
        await relay.stop();
        await consumer.disconnect();
        const admin = kafka.admin();
        await admin.connect();
        try {
          await admin.deleteGroups([groupId]).catch(() => undefined);
          await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
        } finally {
          await admin.disconnect();
        }
      },
    };
  };

  return {
    name: 'ours',
    describe: () => ({
      package: '@yuqing/event-store (this repository)',
      schema: SCHEMA,
      poolMax: POOL_MAX,
      append:
        'one round trip: select append_to_stream(...) (PL/pgSQL: version check, sha-256 hash chain, insert)',
      readAll:
        'select … where (transaction_id, global_position) > checkpoint and transaction_id < xmin order by … limit',
    }),
    append,
    count: async () =>
      (await pool.query<{ n: number }>(`select count(*)::int as n from ${SCHEMA}.events`)).rows[0]!.n,
    replay,
    startDelivery,
    close: async () => {
      await pool.end();
    },
  };
}
