import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { infraEnv } from '@yuqing/testing';

// The real process, as `npm start` runs it: it serves when its servers are there, and ends with one clear
// line (no stack trace, no retry loop) when its configuration is wrong.
const root = path.resolve(__dirname, '../../..');
const main = path.join(__dirname, 'main.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runGateway(
  env: Record<string, string>,
  until?: (stdout: string) => boolean,
): Promise<Run & { kill: () => void }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', main], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        // The test file's own topics (tools/jest), not the platform's.
        YUQING_TOPIC_NAMESPACE: process.env.YUQING_TOPIC_NAMESPACE ?? '',
        STARTUP_TIMEOUT_SECONDS: '2',
        ...env,
      },
    });
    const run = { code: null as number | null, stdout: '', stderr: '', kill: () => child.kill('SIGTERM') };
    child.stdout.on('data', (chunk: Buffer) => {
      run.stdout += chunk.toString();
      if (until?.(run.stdout)) resolve(run);
    });
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    child.on('exit', (code) => {
      run.code = code;
      resolve(run);
    });
  });
}

describe('gateway process start-up', () => {
  const { DATABASE_URL, KAFKA_BROKERS } = infraEnv();

  it('serves /health/ready with PostgreSQL and Kafka up', async () => {
    const run = await runGateway({ DATABASE_URL, KAFKA_BROKERS: KAFKA_BROKERS.join(','), PORT: '0' }, (out) =>
      out.includes('"listening"'),
    );
    try {
      const url = (
        JSON.parse(run.stdout.split('\n').find((line) => line.includes('"listening"'))!) as { url: string }
      ).url;
      const ready = await fetch(`${url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'ready',
        checks: { postgres: { status: 'up' }, kafka: { status: 'up' }, 'event-store': { status: 'up' } },
      });
      // The built-in issuer serves its keys to every service's verifier.
      const jwks = (await (await fetch(`${url}/.well-known/jwks.json`)).json()) as { keys: unknown[] };
      expect(jwks.keys).toHaveLength(1);
      for (const line of run.stdout.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    } finally {
      run.kill();
    }
  });

  it('ends with one line naming PostgreSQL when DATABASE_URL points nowhere', async () => {
    const run = await runGateway({
      DATABASE_URL: 'postgres://yuqing:s3cret@127.0.0.1:1/yuqing',
      KAFKA_BROKERS: KAFKA_BROKERS.join(','),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'gateway: cannot reach PostgreSQL at postgres://yuqing:***@127.0.0.1:1/yuqing: connect ECONNREFUSED 127.0.0.1:1\n',
    );
  });

  it('ends with one line naming Kafka when no broker answers', async () => {
    const run = await runGateway({ DATABASE_URL, KAFKA_BROKERS: '127.0.0.1:1' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^gateway: cannot reach Kafka at 127\.0\.0\.1:1: .*ECONNREFUSED/);
  });

  it('ends with one line naming a malformed variable', async () => {
    const run = await runGateway({ DATABASE_URL, KAFKA_BROKERS: KAFKA_BROKERS.join(','), PORT: 'eighty' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('gateway: Invalid configuration: PORT must be a port number from 0 to 65535\n');
  });

  it('refuses the demo accounts (a published password) against a database on another machine, before touching it', async () => {
    const elsewhere = 'postgres://yuqing:secret@db.example.cn:5432/yuqing';
    const run = await runGateway({
      DATABASE_URL: elsewhere,
      KAFKA_BROKERS: KAFKA_BROKERS.join(','),
      // What a real deployment sets besides (the signing key's encryption key), so that the demo is what is refused.
      YUQING_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      YUQING_DEMO: '1',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^gateway: Invalid configuration: YUQING_DEMO is refused: .*\(db\.example\.cn\) is not on this machine.*npm run identity:bootstrap/,
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toContain('secret');
  });
});
