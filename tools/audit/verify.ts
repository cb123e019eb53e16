// Verifies the hash chains of a service's event store and prints the result as JSON.
//   npm run audit:verify -- <schema> [stream-id]
// Reads only. Exit code 0 when every chain holds, 1 when one is broken, 2 on bad usage.
import { Pool } from 'pg';
import { PostgresEventStore } from '@yuqing/event-store';

async function main(): Promise<number> {
  const [schema, streamId] = process.argv.slice(2);
  const url = process.env.DATABASE_URL;
  if (!schema || !url) {
    process.stderr.write('usage: DATABASE_URL=postgres://… npm run audit:verify -- <schema> [stream-id]\n');
    return 2;
  }
  const pool = new Pool({ connectionString: url, max: 2 });
  try {
    const store = new PostgresEventStore({ pool, schema });
    const result = streamId ? await store.verifyStream(streamId) : await store.verifyAll();
    process.stdout.write(
      `${JSON.stringify({ schema, verifiedAt: new Date().toISOString(), ...result }, null, 2)}\n`,
    );
    return result.ok ? 0 : 1;
  } finally {
    await pool.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`audit:verify: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
