// Creates every platform topic (named by libs/contracts) on the brokers in KAFKA_BROKERS.
import { platformTopics } from '@yuqing/contracts';
import { createKafka, ensureTopics } from '@yuqing/messaging';

async function main(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is required');
  const partitions = Number(process.env.YUQING_TOPIC_PARTITIONS ?? 6);
  const created = await ensureTopics(
    createKafka({ brokers, clientId: 'yuqing-infra' }),
    platformTopics(partitions),
  );
  process.stderr.write(`[infra] topics ready (${created.length} created)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[infra] ERROR: could not create topics: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
