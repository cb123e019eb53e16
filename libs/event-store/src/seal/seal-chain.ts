import type { KeyObject } from 'node:crypto';
import type { QueryResultRow } from 'pg';
import type { Migration } from '../postgres/migrations';
import { appendOnly, assertSchemaName } from '../postgres/schema';
import type { Queryable } from '../read/event-reader';
import {
  FIRST_PREVIOUS,
  headsRoot,
  MalformedSealError,
  parseSealText,
  sealDigest,
  type SealDocument,
  type StreamHead,
} from './seal-document';
import { verifySealSignature } from './seal-key';

/**
 * The seals of one schema. A row is only as good as its signature: an edited document no longer verifies, and a
 * deleted one leaves a gap in `seq` or a `previous` digest that no longer matches (the newest one deleted is
 * seen only against a digest kept outside, see LogSealVerifier).
 */
export function logSealMigrations(schemaName: string): Migration[] {
  const s = assertSchemaName(schemaName);
  return [
    {
      id: '0003-log-seals',
      sql: `
create table ${s}.log_seals (
  seq bigint primary key check (seq > 0),
  key_id text not null,
  document text not null,
  signature bytea not null,
  recorded_at timestamptz not null default now()
);
`,
    },
    // Seals are appended, never changed: the same refusal as the events' (0004).
    { id: '0005-log-seals-append-only', sql: appendOnly(s, 'log_seals') },
  ];
}

export interface SealRef {
  readonly seq: number;
  readonly digest: string;
  readonly globalPosition: string;
  readonly sealedAt: string;
}

export interface BadSignature {
  readonly seq: number;
  readonly reason: string;
}

export interface SealChainProblem {
  readonly seq: number;
  readonly problem: string;
}

/** The seals read back and checked, with the full set of heads they add up to. */
export interface SealChain {
  readonly latest: SealRef | undefined;
  readonly digests: ReadonlyMap<number, string>;
  readonly heads: ReadonlyMap<string, StreamHead>;
  readonly badSignature: readonly BadSignature[];
  readonly problems: readonly SealChainProblem[];
}

interface SealRow extends QueryResultRow {
  seq: string;
  key_id: string;
  document: string;
  signature: Buffer;
}

/**
 * Reads every seal in order and checks it: signature (by the key it names), seq without gaps, each `previous`
 * the digest of the one before, the schema, and the latest root against the heads the seals add up to.
 * `unknownKeys: 'skip'` lets a sealer continue a chain signed by a key it was not given (a restarted
 * development process); an auditor's verifier refuses them.
 */
export async function readSealChain(
  db: Queryable,
  schema: string,
  keys: ReadonlyMap<string, KeyObject>,
  unknownKeys: 'refuse' | 'skip',
): Promise<SealChain> {
  const { rows } = await db.query<SealRow>(
    `select seq::text, key_id, document, signature from ${schema}.log_seals order by seq`,
  );
  const heads = new Map<string, StreamHead>();
  const digests = new Map<number, string>();
  const badSignature: BadSignature[] = [];
  const problems: SealChainProblem[] = [];
  let previous: { seq: number; digest: string } | undefined;
  let latest: { ref: SealRef; document: SealDocument } | undefined;
  // Heads from an untrusted document are not folded in, so later roots cannot be expected to match.
  let complete = true;
  for (const row of rows) {
    const seq = Number(row.seq);
    const digest = sealDigest(row.document);
    digests.set(seq, digest);
    const expectedSeq = (previous?.seq ?? 0) + 1;
    if (seq !== expectedSeq)
      problems.push({
        seq: expectedSeq,
        problem: `seal${seq - expectedSeq > 1 ? `s ${expectedSeq}…${seq - 1} are` : ` ${expectedSeq} is`} missing`,
      });
    const key = keys.get(row.key_id);
    let trusted = true;
    if (!key) {
      if (unknownKeys === 'refuse') {
        badSignature.push({ seq, reason: `signed by an unknown key ${row.key_id}` });
        trusted = false;
      }
    } else if (!verifySealSignature(key, row.document, row.signature)) {
      badSignature.push({ seq, reason: 'the signature does not match the document: the seal was altered' });
      trusted = false;
    }
    let document: SealDocument;
    try {
      document = parseSealText(row.document);
    } catch (error) {
      const why = error instanceof MalformedSealError ? error.message : String(error);
      problems.push({ seq, problem: `the document is malformed: ${why}` });
      previous = { seq, digest };
      complete = false;
      continue;
    }
    if (document.seq !== seq) problems.push({ seq, problem: `the document says it is seal ${document.seq}` });
    if (document.schema !== schema)
      problems.push({ seq, problem: `the document seals schema ${document.schema}` });
    // After a gap the previous digest cannot match; the gap is the finding.
    if (seq === expectedSeq && document.previous !== (previous?.digest ?? FIRST_PREVIOUS))
      problems.push({
        seq,
        problem: `its previous digest does not match seal ${expectedSeq - 1}: a seal was replaced or removed`,
      });
    if (trusted) for (const head of document.heads) heads.set(head.streamId, head);
    else complete = false;
    previous = { seq, digest };
    latest = {
      ref: { seq, digest, globalPosition: document.globalPosition, sealedAt: document.sealedAt },
      document,
    };
  }
  if (latest && complete) {
    const { document } = latest;
    if (document.streams !== heads.size || document.root !== headsRoot(heads.values()))
      problems.push({
        seq: document.seq,
        problem: 'the heads in the seals do not add up to the signed root of the latest seal',
      });
  }
  return { latest: latest?.ref, digests, heads, badSignature, problems };
}

export interface RewrittenStream {
  readonly streamId: string;
  readonly position: number;
  /** The sealed hash (hex). */
  readonly expected: string;
  /** The hash stored at that position now, or null when the position is gone from inside the stream. */
  readonly found: string | null;
}

export interface DeletedStream {
  readonly streamId: string;
  readonly expectedPosition: number;
}

export interface TruncatedStream {
  readonly streamId: string;
  readonly expectedPosition: number;
  readonly foundPosition: number;
}

export interface HeadsComparison {
  readonly rewritten: RewrittenStream[];
  readonly truncated: TruncatedStream[];
  readonly deleted: DeletedStream[];
}

interface ComparedRow extends QueryResultRow {
  stream_id: string;
  position: string;
  found: string | null;
  last: string | null;
}

/**
 * Looks up each sealed head in the log: the stream must exist, reach the sealed position, and hold exactly the
 * sealed hash there. Events appended after the seal change nothing; a rewrite (even with the chain recomputed)
 * changes the hash at every position from the edit on, the sealed one included.
 */
export async function compareHeads(
  db: Queryable,
  schema: string,
  heads: readonly StreamHead[],
  batch = 1000,
): Promise<HeadsComparison> {
  const result: HeadsComparison = { rewritten: [], truncated: [], deleted: [] };
  for (let i = 0; i < heads.length; i += batch) {
    const page = heads.slice(i, i + batch);
    const { rows } = await db.query<ComparedRow>(
      `select s.stream_id, s.position::text, encode(e.hash, 'hex') as found,
              (select max(x.stream_position) from ${schema}.events x where x.stream_id = s.stream_id)::text as last
         from unnest($1::text[], $2::bigint[]) as s(stream_id, position)
         left join ${schema}.events e on e.stream_id = s.stream_id and e.stream_position = s.position`,
      [page.map((head) => head.streamId), page.map((head) => head.position)],
    );
    const expected = new Map(page.map((head) => [head.streamId, head]));
    for (const row of rows) {
      const head = expected.get(row.stream_id)!;
      if (row.last === null)
        result.deleted.push({ streamId: head.streamId, expectedPosition: head.position });
      else if (Number(row.last) < head.position)
        result.truncated.push({
          streamId: head.streamId,
          expectedPosition: head.position,
          foundPosition: Number(row.last),
        });
      else if (row.found !== head.hash)
        result.rewritten.push({
          streamId: head.streamId,
          position: head.position,
          expected: head.hash,
          found: row.found,
        });
    }
  }
  for (const list of [result.rewritten, result.truncated, result.deleted])
    list.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
  return result;
}
