// Offline verification of an exported case file (案卷导出, docs/archive-export.md): no database, no network.
// Reads the ustar archive itself (independently of the exporter's writer), checks the manifest's digest of every
// file, and recomputes the hash chain of events.jsonl from GENESIS with the event store's own chainHash.
import { createHash } from 'node:crypto';
import { chainHash, GENESIS_HASH, type CanonicalFields } from '@yuqing/event-store';

export const CASE_FILE_FORMAT = 'yuqing.archive.case-file/1';
const EXPECTED_FILES = ['manifest.json', 'case.pdf', 'events.jsonl'] as const;
const BLOCK = 512;
const HEX64 = /^[0-9a-f]{64}$/;

/** The first thing that does not verify: a file, or an event (its line in events.jsonl, id and position). */
export interface CaseFileFailure {
  readonly file: string;
  readonly line?: number;
  readonly eventId?: string;
  readonly position?: number;
  readonly reason: string;
}

export interface CaseFileVerification {
  readonly ok: boolean;
  readonly caseId?: string;
  readonly streamId?: string;
  readonly exportedAt?: string;
  readonly events: number;
  readonly headHash?: string;
  readonly files: Readonly<Record<string, 'ok' | 'mismatch' | 'missing'>>;
  readonly firstFailure?: CaseFileFailure;
}

class Failure extends Error {
  constructor(readonly failure: CaseFileFailure) {
    super(failure.reason);
  }
}

const fail = (failure: CaseFileFailure): never => {
  throw new Failure(failure);
};

function field(block: Buffer, offset: number, length: number): string {
  const raw = block.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('latin1');
}

/** The regular files of a ustar archive; refuses anything else (links, directories, bad checksums, duplicates). */
export function untar(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  const bad = (reason: string): never => fail({ file: '(archive)', reason });
  for (;;) {
    if (offset + BLOCK > archive.length) bad('the archive ends without its end-of-archive blocks');
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) return files;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
    const stated = parseInt(field(header, 148, 8).trim(), 8);
    if (stated !== sum) bad(`a tar header at byte ${offset} is damaged (checksum)`);
    const name = field(header, 0, 100);
    const type = field(header, 156, 1);
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    if (!/^[A-Za-z0-9._-]{1,99}$/.test(name))
      bad(`unexpected entry name ${JSON.stringify(name.slice(0, 100))}`);
    if (type !== '0' && type !== '') bad(`${name} is not a regular file`);
    if (!Number.isSafeInteger(size) || offset + BLOCK + size > archive.length) bad(`${name} is cut short`);
    if (files.has(name)) bad(`${name} appears twice`);
    files.set(name, archive.subarray(offset + BLOCK, offset + BLOCK + size));
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
}

interface Manifest {
  caseId: string;
  streamId: string;
  exportedAt: string;
  head: { position: number; hash: string };
  events: number;
  files: Record<string, { sha256: string; bytes: number }>;
}

function manifestOf(content: Buffer): Manifest {
  const bad = (reason: string): never => fail({ file: 'manifest.json', reason });
  let parsed: unknown;
  try {
    parsed = JSON.parse(content.toString('utf8'));
  } catch {
    return bad('not valid JSON');
  }
  const m = parsed as Partial<Manifest> & { format?: unknown };
  if (m.format !== CASE_FILE_FORMAT) bad(`format is not ${CASE_FILE_FORMAT}`);
  if (typeof m.caseId !== 'string' || typeof m.streamId !== 'string') bad('caseId or streamId missing');
  if (typeof m.head !== 'object' || m.head === null || typeof m.head.hash !== 'string') bad('head missing');
  if (typeof m.events !== 'number' || typeof m.files !== 'object' || m.files === null)
    bad('events or files missing');
  return m as Manifest;
}

const CANONICAL_KEYS = [
  'eventId',
  'streamId',
  'streamPosition',
  'eventType',
  'schemaVersion',
  'dataText',
  'metadataText',
  'recordedAtMicros',
] as const satisfies readonly (keyof CanonicalFields)[];

/** Walks events.jsonl from GENESIS; returns the number of events and the last hash. */
function walkEvents(content: Buffer, streamId: string): { events: number; head: string } {
  const text = content.toString('utf8');
  if (text.length > 0 && !text.endsWith('\n'))
    fail({ file: 'events.jsonl', reason: 'the last line is cut short' });
  const lines = text.length > 0 ? text.slice(0, -1).split('\n') : [];
  let prev: Buffer = GENESIS_HASH;
  lines.forEach((raw, index) => {
    const line = index + 1;
    const at = (reason: string, event?: Record<string, unknown>): never =>
      fail({
        file: 'events.jsonl',
        line,
        position: typeof event?.['streamPosition'] === 'string' ? Number(event['streamPosition']) : line,
        ...(typeof event?.['eventId'] === 'string' ? { eventId: event['eventId'] } : {}),
        reason,
      });
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      // Name the event even when its line no longer parses.
      const eventId = /"eventId":"([0-9a-fA-F-]{1,64})"/.exec(raw)?.[1];
      return at('not valid JSON: the line was altered', eventId ? { eventId } : undefined);
    }
    if (typeof parsed !== 'object' || parsed === null) return at('not a JSON object');
    const event = parsed as Record<string, unknown>;
    for (const key of [...CANONICAL_KEYS, 'prevHash', 'hash'])
      if (typeof event[key] !== 'string') return at(`${key} is missing or not a string`, event);
    const fields = Object.fromEntries(
      CANONICAL_KEYS.map((key) => [key, event[key] as string]),
    ) as unknown as CanonicalFields;
    if (fields.streamId !== streamId)
      return at(`belongs to stream ${fields.streamId}, not ${streamId}`, event);
    if (fields.streamPosition !== String(line))
      return at(`expected position ${line}: an event is missing or out of order`, event);
    const prevHash = event['prevHash'] as string;
    const hash = event['hash'] as string;
    if (!HEX64.test(prevHash) || !HEX64.test(hash)) return at('prevHash or hash is not 64 hex digits', event);
    if (prevHash !== prev.toString('hex'))
      return at('previous hash does not match: an earlier event was removed, replaced or reordered', event);
    const computed = chainHash(prev, fields);
    if (computed.toString('hex') !== hash)
      return at('hash does not match the event: its content was altered', event);
    prev = computed;
  });
  return { events: lines.length, head: lines.length > 0 ? prev.toString('hex') : '' };
}

/** Verifies an exported case file; `ok` only when every file and every event holds. */
export function verifyCaseFile(archive: Buffer): CaseFileVerification {
  const files: Record<string, 'ok' | 'mismatch' | 'missing'> = {};
  let manifest: Manifest | undefined;
  let walked: { events: number; head: string } | undefined;
  try {
    const entries = untar(archive);
    for (const name of entries.keys())
      if (!(EXPECTED_FILES as readonly string[]).includes(name))
        fail({ file: name, reason: 'not part of a case file' });
    const manifestFile = entries.get('manifest.json');
    if (!manifestFile) return fail({ file: 'manifest.json', reason: 'missing' });
    manifest = manifestOf(manifestFile);
    for (const name of EXPECTED_FILES.slice(1)) {
      const content = entries.get(name);
      const stated = manifest.files[name];
      files[name] = !content ? 'missing' : stated && stated.sha256 === digest(content) ? 'ok' : 'mismatch';
    }
    // The chain first, so that an altered event is named rather than only its file.
    const events = entries.get('events.jsonl');
    if (!events) return fail({ file: 'events.jsonl', reason: 'missing' });
    walked = walkEvents(events, manifest.streamId);
    for (const name of EXPECTED_FILES.slice(1))
      if (files[name] !== 'ok')
        fail({
          file: name,
          reason: files[name] === 'missing' ? 'missing' : 'its SHA-256 does not match the manifest',
        });
    if (walked.events !== manifest.events || walked.head !== manifest.head.hash)
      fail({ file: 'manifest.json', reason: 'the head of events.jsonl is not the head the manifest states' });
    return { ok: true, ...about(manifest), events: walked.events, headHash: walked.head, files };
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    return {
      ok: false,
      ...(manifest ? about(manifest) : {}),
      // How many events the file claims, when the walk stopped before the end.
      events: walked?.events ?? manifest?.events ?? 0,
      files,
      firstFailure: error.failure,
    };
  }
}

function about(manifest: Manifest): { caseId: string; streamId: string; exportedAt: string } {
  return { caseId: manifest.caseId, streamId: manifest.streamId, exportedAt: String(manifest.exportedAt) };
}

function digest(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
