import type { QueryResultRow } from 'pg';
import { chainHash, GENESIS_HASH, type CanonicalEvent, type CanonicalFields } from '../hash-chain';
import type { Queryable } from '../read/event-reader';
import type { StreamBreak, VerifyAllResult, VerifyResult } from '../types';

interface CanonicalRow extends QueryResultRow {
  event_id: string;
  stream_id: string;
  stream_position: string;
  event_type: string;
  schema_version: string;
  data_text: string;
  metadata_text: string;
  recorded_at_micros: string;
  prev_hash: Buffer;
  hash: Buffer;
}

/** Recomputes the hash chains of one service's log outside the database, to find what was altered. */
export class HashChainVerifier {
  constructor(
    private readonly db: Queryable,
    private readonly schema: string,
  ) {}

  /** Recomputes one stream's hash chain; names the first position that does not hold. */
  async verifyStream(streamId: string): Promise<VerifyResult> {
    const rows = await this.canonicalRows('where stream_id = $1', [streamId]);
    const firstBreak = walkChain(rows)[0];
    return { streamId, ok: !firstBreak, events: rows.length, ...(firstBreak ? { firstBreak } : {}) };
  }

  /** One stream's events in the exact text forms the chain hashes, with their links, in position order. */
  async canonicalStream(streamId: string): Promise<CanonicalEvent[]> {
    const rows = await this.canonicalRows('where stream_id = $1', [streamId]);
    return rows.map((row) => ({
      eventId: row.event_id,
      streamId: row.stream_id,
      streamPosition: row.stream_position,
      eventType: row.event_type,
      schemaVersion: row.schema_version,
      dataText: row.data_text,
      metadataText: row.metadata_text,
      recordedAtMicros: row.recorded_at_micros,
      prevHash: row.prev_hash.toString('hex'),
      hash: row.hash.toString('hex'),
    }));
  }

  /** Verifies every stream, in pages; lists the first break of each broken stream. */
  async verifyAll(pageSize = 5000): Promise<VerifyAllResult> {
    const broken: StreamBreak[] = [];
    let streams = 0;
    let events = 0;
    let cursor: { streamId: string; position: string } | undefined;
    let carry: CanonicalRow[] = [];
    for (;;) {
      const page = await this.canonicalRows(
        cursor ? 'where (stream_id, stream_position) > ($1, $2::bigint)' : '',
        cursor ? [cursor.streamId, cursor.position] : [],
        pageSize,
      );
      // Keep a stream whole across pages: its last rows wait for the next page unless this was the last page.
      const rows = [...carry, ...page];
      const lastStream = page.length === pageSize ? page[page.length - 1]!.stream_id : undefined;
      carry = lastStream ? rows.filter((row) => row.stream_id === lastStream) : [];
      const complete = lastStream ? rows.filter((row) => row.stream_id !== lastStream) : rows;
      for (const group of groupByStream(complete)) {
        streams++;
        events += group.length;
        const first = walkChain(group)[0];
        if (first) broken.push(first);
      }
      if (page.length < pageSize) break;
      cursor = {
        streamId: page[page.length - 1]!.stream_id,
        position: page[page.length - 1]!.stream_position,
      };
    }
    return { ok: broken.length === 0, streams, events, broken };
  }

  private async canonicalRows(where: string, params: unknown[], limit?: number): Promise<CanonicalRow[]> {
    const { rows } = await this.db.query<CanonicalRow>(
      `select event_id::text, stream_id, stream_position::text, event_type, schema_version::text,
              data::text as data_text, metadata::text as metadata_text,
              (extract(epoch from recorded_at) * 1000000)::bigint::text as recorded_at_micros, prev_hash, hash
         from ${this.schema}.events ${where}
        order by stream_id, stream_position ${limit ? `limit ${Number(limit)}` : ''}`,
      params,
    );
    return rows;
  }
}

function* groupByStream(rows: readonly CanonicalRow[]): Generator<CanonicalRow[]> {
  let group: CanonicalRow[] = [];
  for (const row of rows) {
    if (group.length > 0 && group[0]!.stream_id !== row.stream_id) {
      yield group;
      group = [];
    }
    group.push(row);
  }
  if (group.length > 0) yield group;
}

/** Walks one stream's rows (in position order); returns its first break, if any. */
export function walkChain(rows: readonly CanonicalRow[]): StreamBreak[] {
  let prev: Buffer = GENESIS_HASH;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const position = Number(row.stream_position);
    const at = (reason: string): StreamBreak[] => [{ streamId: row.stream_id, position, reason }];
    if (position !== i + 1) return at(`expected position ${i + 1}: an event is missing or out of order`);
    if (!row.prev_hash.equals(prev))
      return at('previous hash does not match: an earlier event was removed, replaced or reordered');
    const fields: CanonicalFields = {
      eventId: row.event_id,
      streamId: row.stream_id,
      streamPosition: row.stream_position,
      eventType: row.event_type,
      schemaVersion: row.schema_version,
      dataText: row.data_text,
      metadataText: row.metadata_text,
      recordedAtMicros: row.recorded_at_micros,
    };
    if (!chainHash(prev, fields).equals(row.hash))
      return at('hash does not match the stored event: its content was altered');
    prev = row.hash;
  }
  return [];
}
