import { createHash } from 'node:crypto';

/** One stream's head as a seal records it: its last position and that event's chain hash (hex). */
export interface StreamHead {
  readonly streamId: string;
  readonly position: number;
  readonly hash: string;
}

/**
 * What one seal signs. `heads` holds only the heads that changed since the previous seal (all of them in the
 * first), so a seal stays as small as the activity since the last one, yet every sealed head is inside some
 * signed document: deleting rows elsewhere cannot hide one. `root` and `streams` cover the full set of heads
 * (the previous seal's set with these applied), so one document alone commits to every stream.
 */
export interface SealDocument {
  readonly v: 1;
  /** The service schema sealed: a seal of one schema cannot be replayed as another's. */
  readonly schema: string;
  /** 1, 2, 3 … with no gap. */
  readonly seq: number;
  /** The digest of the previous seal's document; 64 zeros for the first. */
  readonly previous: string;
  /** ISO 8601, from the sealer's clock. */
  readonly sealedAt: string;
  /** The highest global position visible when the heads were read. */
  readonly globalPosition: string;
  /** How many streams the full set holds. */
  readonly streams: number;
  /** Merkle root (hex) over the full set of heads, see `headsRoot`. */
  readonly root: string;
  /** Heads changed since the previous seal, sorted by stream id (UTF-8 bytes). */
  readonly heads: readonly StreamHead[];
}

export const FIRST_PREVIOUS = '0'.repeat(64);

const HEX64 = /^[0-9a-f]{64}$/;

/** Sorts stream ids by their UTF-8 bytes: the same order in any language, unlike a database collation. */
export function compareStreamIds(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The one text form of a document, the bytes that are signed and hashed: JSON with the keys in a fixed order,
 * heads as `[streamId, position, hash]` sorted by stream id, no whitespace.
 */
export function canonicalSealText(document: SealDocument): string {
  const heads = [...document.heads].sort((a, b) => compareStreamIds(a.streamId, b.streamId));
  return JSON.stringify({
    v: document.v,
    schema: document.schema,
    seq: document.seq,
    previous: document.previous,
    sealedAt: document.sealedAt,
    globalPosition: document.globalPosition,
    streams: document.streams,
    root: document.root,
    heads: heads.map((head) => [head.streamId, head.position, head.hash]),
  });
}

/** sha-256 of the canonical text, hex: what the next seal cites and what an auditor keeps outside. */
export function sealDigest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export class MalformedSealError extends Error {}

/**
 * Reads a stored document and refuses any text that is not exactly its canonical form, so that one document
 * has one digest and one byte string that its signature covers.
 */
export function parseSealText(text: string): SealDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new MalformedSealError('not JSON');
  }
  const fail = (what: string): never => {
    throw new MalformedSealError(what);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('not an object');
  const o = raw as Record<string, unknown>;
  if (o['v'] !== 1) fail('unknown version');
  const { schema, seq, previous, sealedAt, globalPosition, streams, root, heads } = o;
  if (typeof schema !== 'string') fail('schema');
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) fail('seq');
  if (typeof previous !== 'string' || !HEX64.test(previous)) fail('previous');
  if (typeof sealedAt !== 'string') fail('sealedAt');
  if (typeof globalPosition !== 'string' || !/^\d+$/.test(globalPosition)) fail('globalPosition');
  if (typeof streams !== 'number' || !Number.isSafeInteger(streams) || streams < 0) fail('streams');
  if (typeof root !== 'string' || !HEX64.test(root)) fail('root');
  if (!Array.isArray(heads)) return fail('heads');
  const parsed = heads.map((entry: unknown): StreamHead => {
    if (!Array.isArray(entry) || entry.length !== 3) return fail('head');
    const [streamId, position, hash] = entry as unknown[];
    if (typeof streamId !== 'string') fail('head stream id');
    if (typeof position !== 'number' || !Number.isSafeInteger(position) || position < 1)
      fail('head position');
    if (typeof hash !== 'string' || !HEX64.test(hash)) fail('head hash');
    return { streamId: streamId as string, position: position as number, hash: hash as string };
  });
  const document: SealDocument = {
    v: 1,
    schema: schema as string,
    seq: seq as number,
    previous: previous as string,
    sealedAt: sealedAt as string,
    globalPosition: globalPosition as string,
    streams: streams as number,
    root: root as string,
    heads: parsed,
  };
  if (canonicalSealText(document) !== text) fail('not in canonical form');
  return document;
}

/**
 * Merkle root over a full set of heads, leaves sorted by stream id. Leaf = sha256(0x00 || leaf bytes), node =
 * sha256(0x01 || left || right), an odd node moves up unchanged; the tags keep a leaf from passing as a node.
 * A tree rather than one hash of the list, so that one stream's head can later be proven to an outsider with
 * log2(n) hashes, without showing other units' stream ids. The empty set's root is sha256 of nothing.
 */
export function headsRoot(heads: Iterable<StreamHead>): string {
  let level: Buffer[] = [...heads]
    .sort((a, b) => compareStreamIds(a.streamId, b.streamId))
    .map((head) => createHash('sha256').update(Buffer.of(0)).update(leafBytes(head)).digest());
  if (level.length === 0) return createHash('sha256').digest('hex');
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const right = level[i + 1];
      next.push(
        right
          ? createHash('sha256').update(Buffer.of(1)).update(level[i]!).update(right).digest()
          : level[i]!,
      );
    }
    level = next;
  }
  return level[0]!.toString('hex');
}

/** Each field prefixed by its UTF-8 byte length and a colon, as in the event chain's canonical form. */
function leafBytes(head: StreamHead): Buffer {
  const parts = [head.streamId, String(head.position), head.hash];
  return Buffer.from(parts.map((part) => `${Buffer.byteLength(part, 'utf8')}:${part}`).join(''), 'utf8');
}
