import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { log } from './event-store/protocol';

const ROOT = path.resolve(__dirname, '../..');

/** DATABASE_URL and KAFKA_BROKERS from the environment, else from deploy/local/infra.sh (started if needed). */
export function infraAddresses(): { databaseUrl: string; kafkaBrokers: string[] } {
  if (!process.env.DATABASE_URL || !process.env.KAFKA_BROKERS) {
    log('bringing local infrastructure up (deploy/local/infra.sh up)');
    // Its output goes to stderr: stdout carries only the JSON result.
    execFileSync('bash', [path.join(ROOT, 'deploy/local/infra.sh'), 'up'], { stdio: ['ignore', 2, 2] });
    const stateDir = process.env.YUQING_LOCAL_DIR ?? path.join(ROOT, '.local');
    for (const line of fs.readFileSync(path.join(stateDir, 'infra.env'), 'utf8').split('\n')) {
      const match = /^([A-Z_]+)=(.*)$/.exec(line);
      if (match && !process.env[match[1]!]) process.env[match[1]!] = match[2]!;
    }
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
