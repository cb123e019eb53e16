// Emmett's side: @event-driven-io/emmett-postgresql in a database of its own (its tables have fixed names in
// the public schema). A benchmark baseline only: nothing in the product imports it.
import fs from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import type { Event } from '@event-driven-io/emmett';
import type { EventMetadata } from '@yuqing/contracts';
import { errorText, log, type Delivery, type SideConfig, type StoreSide } from './protocol';
import type { BenchEvent, ItemCapturedData } from './workload';

const POOL_MAX = 10;
const PULL_BATCH_SIZE = 100; // Emmett's default (DefaultPostgreSQLEventStoreProcessorBatchSize)
const PULL_FREQUENCY_MS = 50; // Emmett's default (DefaultPostgreSQLEventStoreProcessorPullingFrequencyInMs)

type EmmettEvent = Event<string, ItemCapturedData, EventMetadata>;

function packageVersion(name: string): string {
  // The packages export no ./package.json: find it beside the resolved entry point (dist/index.cjs).
  const file = path.join(path.dirname(require.resolve(name)), '..', 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

export async function createEmmettSide(config: SideConfig): Promise<StoreSide> {
  // Emmett ships ES modules with a CommonJS build beside them; import() loads whichever the runtime resolves.
  const { getPostgreSQLEventStore, readMessagesBatch } = await import('@event-driven-io/emmett-postgresql');
  const { dumbo } = await import('@event-driven-io/dumbo');

  const connectionString = config.databaseUrl;
  const pgPool = new Pool({ connectionString, max: POOL_MAX });
  pgPool.on('error', (error) => log(`pool: ${error.message}`));
  const pool = dumbo({ connectionString, pool: pgPool });
  const store = getPostgreSQLEventStore(connectionString, { connectionOptions: { dumbo: pool } });
  await store.schema.migrate();

  const append = async (
    streamId: string,
    events: readonly BenchEvent[],
    expected: number,
  ): Promise<number> => {
    const result = await store.appendToStream<EmmettEvent>(
      streamId,
      events.map((event) => ({ type: event.type, data: event.data, metadata: event.metadata })),
      // 0n: the stream must not exist yet (Emmett inserts its streams row and fails on a duplicate).
      { expectedStreamVersion: BigInt(expected) },
    );
    return Number(result.nextExpectedStreamVersion);
  };

  const replay = async (
    pageSize: number,
    countDistinct: boolean,
  ): Promise<{ read: number; distinct?: number }> => {
    let after = 0n;
    let read = 0;
    const seen = countDistinct ? new Set<bigint>() : undefined;
    for (let i = 0; i < 10_000_000; i++) {
      const page = await readMessagesBatch<EmmettEvent>(pool.execute, { after, batchSize: pageSize });
      read += page.messages.length;
      if (seen) for (const message of page.messages) seen.add(message.metadata.globalPosition);
      if (!page.areMessagesLeft) break;
      after = page.currentGlobalPosition;
    }
    return seen ? { read, distinct: seen.size } : { read };
  };

  /** The newest global position: where the lag row's consumer starts. */
  const lastGlobalPosition = async (): Promise<bigint> => {
    const { rows } = await pgPool.query<{ max: string | null }>(
      'select max(global_position)::text as max from emt_messages',
    );
    return BigInt(rows[0]?.max ?? '0');
  };

  const startDelivery = async (onDelivered: (seq: number) => void): Promise<Delivery> => {
    const consumer = store.consumer<EmmettEvent>({
      pulling: { batchSize: PULL_BATCH_SIZE, pullingFrequencyInMs: PULL_FREQUENCY_MS },
    });
    consumer.reactor({
      processorId: `bench-lag-${config.runId}`,
      // Not 'END': in 0.42.0 readLastMessageGlobalPosition orders ascending and so returns the *first* position,
      // which would make the consumer replay the whole log first. Start after the newest message instead.
      startFrom: { lastCheckpoint: await lastGlobalPosition() },
      eachMessage: async (message) => {
        onDelivered(message.data.seq);
      },
    });
    // start() resolves only when the consumer stops.
    const running = consumer
      .start()
      .catch((error: unknown) => log(`emmett consumer error: ${errorText(error)}`));
    return {
      path: 'append commit → Emmett postgreSQLEventStoreConsumer polls emt_messages (readMessagesBatch) → reactor eachMessage (in-process, no broker; checkpoint stored per message)',
      settings: {
        pullBatchSize: PULL_BATCH_SIZE,
        pullingFrequencyInMs: PULL_FREQUENCY_MS,
        idleBackoff:
          'Emmett doubles the wait after a batch with no more messages left, up to 1000 ms (built in)',
      },
      stop: async () => {
        await consumer.stop();
        await running;
      },
    };
  };

  return {
    name: 'emmett',
    describe: () => ({
      package: '@event-driven-io/emmett-postgresql',
      version: packageVersion('@event-driven-io/emmett-postgresql'),
      emmettVersion: packageVersion('@event-driven-io/emmett'),
      dumboVersion: packageVersion('@event-driven-io/dumbo'),
      poolMax: POOL_MAX,
      append: 'begin; select emt_append_to_stream(...) (PL/pgSQL: streams row update/insert, insert); commit',
      readAll:
        'readMessagesBatch: select … where global_position >= after+1 and transaction_id < xmin order by transaction_id, global_position limit',
    }),
    append,
    count: async () =>
      (await pgPool.query<{ n: number }>('select count(*)::int as n from emt_messages')).rows[0]!.n,
    replay,
    startDelivery,
    close: async () => {
      await store.close().catch(() => undefined);
      await pgPool.end().catch(() => undefined);
    },
  };
}
