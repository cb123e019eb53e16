// Seals a service's event log now (docs/event-store.md, "Signed seals") and prints the new seal's digest, which
// the auditor keeps outside the system for `audit:verify -- <schema> --seals … --known <seq>:<digest>`.
//   YUQING_LOG_SEAL_KEY_FILE=/run/secrets/log-seal.pem DATABASE_URL=postgres://… npm run audit:seal -- <schema>
// Exit code 0 when sealed (or nothing moved since the latest seal), 1 when the sealer refuses (the log or its
// seals were altered), 2 on bad usage.
import { Pool } from 'pg';
import { loadLogSealKey, LogSealer, LogSealRefusedError } from '@yuqing/event-store';

async function main(): Promise<number> {
  const [schema, ...rest] = process.argv.slice(2);
  const url = process.env.DATABASE_URL;
  const key = loadLogSealKey(process.env);
  if (!schema || rest.length > 0 || !url || !key) {
    process.stderr.write(
      'usage: YUQING_LOG_SEAL_KEY_FILE=<private-key.pem> DATABASE_URL=postgres://… npm run audit:seal -- <schema>\n',
    );
    return 2;
  }
  const pool = new Pool({ connectionString: url, max: 2 });
  try {
    const sealed = await new LogSealer({ pool, schema, key }).seal();
    process.stdout.write(
      `${JSON.stringify({ schema, keyId: key.keyId, ...(sealed ? { sealed } : { sealed: null, reason: 'no stream moved since the latest seal' }) }, null, 2)}\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof LogSealRefusedError)) throw error;
    process.stdout.write(`${JSON.stringify({ schema, refused: error.message }, null, 2)}\n`);
    return 1;
  } finally {
    await pool.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`audit:seal: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
