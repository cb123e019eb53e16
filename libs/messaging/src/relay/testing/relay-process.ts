// A relay in a process of its own, so a test can kill it with SIGKILL mid-batch (no shutdown, no cleanup).
// Env: DATABASE_URL, KAFKA_BROKERS, RELAY_SCHEMA, RELAY_TOPIC, RELAY_BATCH.
import { Pool } from 'pg';
import { PostgresEventStore } from '@yuqing/event-store';
import { createKafka } from '../../kafka';
import { OutboxRelay } from '../outbox-relay';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const pool = new Pool({ connectionString: env('DATABASE_URL'), max: 4 });
const store = new PostgresEventStore({ pool, schema: env('RELAY_SCHEMA') });
const topic = env('RELAY_TOPIC');
const relay = new OutboxRelay({
  store,
  pool,
  kafka: createKafka({ brokers: env('KAFKA_BROKERS').split(','), clientId: 'relay-process' }),
  source: '/yuqing/test',
  topicFor: () => topic,
  batchSize: Number(process.env.RELAY_BATCH ?? 200),
  idleMs: 20,
  onError: (error) => process.stderr.write(`relay error: ${String(error)}\n`),
});
relay.start();
process.stdout.write('relay started\n');
