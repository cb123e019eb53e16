import type { StdioOptions } from 'node:child_process';
import { log } from './event-store/protocol';

// The one infra starter of the repository (plain CommonJS, shared with npm start and the Jest setup).
// eslint-disable-next-line @typescript-eslint/no-require-imports, @nx/enforce-module-boundaries -- a deploy script, not a library
const { infraUp } = require('../../deploy/local/infra-up') as {
  infraUp: (stdio: StdioOptions) => Record<string, string>;
};

/** DATABASE_URL and KAFKA_BROKERS from the environment, else from deploy/local/infra.sh (started if needed). */
export function infraAddresses(): { databaseUrl: string; kafkaBrokers: string[] } {
  if (!process.env.DATABASE_URL || !process.env.KAFKA_BROKERS) {
    log('bringing local infrastructure up (deploy/local/infra.sh up)');
    // Its output goes to stderr: stdout carries only the JSON result. Variables set by the caller win.
    for (const [name, value] of Object.entries(infraUp(['ignore', 2, 2]))) process.env[name] ??= value;
  }
  const databaseUrl = process.env.DATABASE_URL ?? '';
  const kafkaBrokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (!databaseUrl || kafkaBrokers.length === 0)
    throw new Error('DATABASE_URL and KAFKA_BROKERS are required');
  // A load generator: it only ever targets this machine.
  const loopback = (host: string): boolean => /^(127\.\d+\.\d+\.\d+|localhost|\[?::1\]?)$/.test(host);
  const dbHost = new URL(databaseUrl).hostname;
  if (!loopback(dbHost)) throw new Error(`refusing to benchmark a non-loopback database host: ${dbHost}`);
  for (const broker of kafkaBrokers) {
    const host = broker.replace(/:\d+$/, '');
    if (!loopback(host)) throw new Error(`refusing to benchmark a non-loopback Kafka broker: ${broker}`);
  }
  return { databaseUrl, kafkaBrokers };
}
