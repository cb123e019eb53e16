// Verifies the hash chains of a service's event store and prints the result as JSON.
//   npm run audit:verify -- <schema> [stream-id]
//   npm run audit:verify -- --case-file <file>     (an exported case file, offline: no database)
//   npm run audit:verify -- <schema> --seals <public-key.pem> [--seals <older.pem>] [--known <seq>:<digest>]
//     (the log against its latest signed seal: rewritten, truncated and deleted streams by name)
//   npm run audit:verify -- <schema> --document <file>
//     (a PDF, DOCX or text someone holds: exactly a signed document version, by whom and when; see document.ts)
// Reads only. Exit code 0 when every chain holds, 1 when one is broken, 2 on bad usage.
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { LogSealVerifier, PostgresEventStore, sealPublicKey, type KnownSeal } from '@yuqing/event-store';
import { verifyCaseFile } from './case-file';
import { verifyDocument } from './document';

const USAGE =
  'usage: DATABASE_URL=postgres://… npm run audit:verify -- <schema> [stream-id]\n' +
  '       npm run audit:verify -- --case-file <file>\n' +
  '       DATABASE_URL=postgres://… npm run audit:verify -- <schema> --seals <public-key.pem>… [--known <seq>:<digest>]\n' +
  '       DATABASE_URL=postgres://… npm run audit:verify -- <schema> --document <file>\n';

/** A file the auditor holds, or undefined once the reason it cannot be read is said. */
function readHeld(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (error) {
    process.stderr.write(
      `audit:verify: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return undefined;
  }
}

/** An exported case file (docs/archive-export.md): its manifest digests and its events' chain, from GENESIS. */
function verifyCaseFileAt(args: readonly string[]): number {
  const [file, ...rest] = args;
  if (!file || rest.length > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const archive = readHeld(file);
  if (!archive) return 2;
  const result = verifyCaseFile(archive);
  process.stdout.write(
    `${JSON.stringify({ caseFile: file, verifiedAt: new Date().toISOString(), ...result }, null, 2)}\n`,
  );
  return result.ok ? 0 : 1;
}

/** The log against its signed seals, with the public keys and the latest digest the auditor keeps outside. */
async function verifySealsAt(pool: Pool, schema: string, args: readonly string[]): Promise<number> {
  const keyFiles: string[] = [];
  let known: KnownSeal | undefined;
  for (let i = 0; i < args.length; i += 2) {
    const value = args[i + 1];
    const knownMatch = value ? /^(\d+):([0-9a-fA-F]{64})$/.exec(value) : null;
    if (args[i] === '--seals' && value) keyFiles.push(value);
    else if (args[i] === '--known' && knownMatch)
      known = { seq: Number(knownMatch[1]), digest: knownMatch[2]! };
    else {
      process.stderr.write(USAGE);
      return 2;
    }
  }
  const verifier = new LogSealVerifier(
    pool,
    schema,
    keyFiles.map((file) => sealPublicKey(readFileSync(file, 'utf8'))),
  );
  const result = await verifier.verify(known ? { latestKnown: known } : {});
  process.stdout.write(
    `${JSON.stringify({ schema, verifiedAt: new Date().toISOString(), ...result }, null, 2)}\n`,
  );
  return result.ok ? 0 : 1;
}

/** A document someone holds: exit 0 only for the exact bytes of a signed version. */
async function verifyDocumentAt(pool: Pool, schema: string, file: string): Promise<number> {
  const bytes = readHeld(file);
  if (!bytes) return 2;
  const result = await verifyDocument(pool, schema, bytes);
  process.stdout.write(
    `${JSON.stringify({ schema, file, verifiedAt: new Date().toISOString(), ...result }, null, 2)}\n`,
  );
  return result.ok ? 0 : 1;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args[0] === '--case-file') return verifyCaseFileAt(args.slice(1));
  if (args[0] && args[1]?.startsWith('--')) {
    const url = process.env.DATABASE_URL;
    const documentArgs = args[1] === '--document' && args.length === 3;
    if (!url || (args[1] !== '--seals' && !documentArgs)) {
      process.stderr.write(USAGE);
      return 2;
    }
    const pool = new Pool({ connectionString: url, max: 2 });
    try {
      if (documentArgs) return await verifyDocumentAt(pool, args[0], args[2]!);
      return await verifySealsAt(pool, args[0], args.slice(1));
    } finally {
      await pool.end();
    }
  }
  const [schema, streamId] = args;
  const url = process.env.DATABASE_URL;
  if (!schema || !url) {
    process.stderr.write(USAGE);
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
