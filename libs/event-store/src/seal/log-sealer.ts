import type { KeyObject } from 'node:crypto';
import type { Pool, QueryResultRow } from 'pg';
import { assertSchemaName } from '../postgres/schema';
import { compareHeads, readSealChain, type SealChain } from './seal-chain';
import {
  canonicalSealText,
  compareStreamIds,
  FIRST_PREVIOUS,
  headsRoot,
  sealDigest,
  type SealDocument,
  type StreamHead,
} from './seal-document';
import { sealKeyId, signSeal, type LogSealKey } from './seal-key';

export interface LogSealerOptions {
  readonly pool: Pool;
  readonly schema: string;
  readonly key: LogSealKey;
  /** Public keys of earlier signers (after a rotation), whose seals this sealer checks before continuing. */
  readonly previousKeys?: readonly KeyObject[];
  readonly now?: () => Date;
}

/** A new seal, or the reason none was written. */
export interface SealWritten {
  readonly seq: number;
  readonly digest: string;
  readonly globalPosition: string;
  readonly streams: number;
  /** Heads that changed since the previous seal. */
  readonly changed: number;
}

/** The sealer found the log or its seals altered since the last seal, and will not sign over that. */
export class LogSealRefusedError extends Error {}

interface HeadRow extends QueryResultRow {
  stream_id: string;
  stream_position: string;
  hash: string;
}

/**
 * Signs a checkpoint of one schema's log: every stream's head, at intervals (`start`) or on demand (`seal`).
 * Before signing it checks the log against the previous seal, so a rewritten or deleted stream is never
 * sealed over: it refuses (LogSealRefusedError) until someone looks.
 */
export class LogSealer {
  private readonly schema: string;
  private readonly keys: Map<string, KeyObject>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  /** The newest seal this process wrote: a database that lost it (restored, or the row deleted) is refused. */
  private lastWritten: { seq: number; digest: string } | undefined;

  constructor(private readonly options: LogSealerOptions) {
    this.schema = assertSchemaName(options.schema);
    this.keys = new Map(
      [options.key.publicKey, ...(options.previousKeys ?? [])].map((key) => [sealKeyId(key), key]),
    );
  }

  /** Seals now; undefined when no stream's head moved since the latest seal. */
  async seal(): Promise<SealWritten | undefined> {
    const client = await this.options.pool.connect();
    const lock = `yuqing.log-seal.${this.schema}`;
    try {
      // Sealers of one schema take turns, and the lock comes before the snapshot, so the second one sees the
      // first one's seal. One snapshot for the check, the heads and the position.
      await client.query('select pg_advisory_lock(hashtext($1))', [lock]);
      await client.query('begin isolation level repeatable read');
      // A seal under a key this sealer does not know is not trusted: it could cover a rewrite. After a rotation the
      // old public keys are given as previous keys (YUQING_LOG_SEAL_PREVIOUS_KEYS).
      const chain = await readSealChain(client, this.schema, this.keys, 'refuse');
      await this.refuseIfAltered(client, chain);
      const { rows } = await client.query<HeadRow>(
        `select distinct on (stream_id) stream_id, stream_position::text, encode(hash, 'hex') as hash
           from ${this.schema}.events order by stream_id, stream_position desc`,
      );
      const position = await client.query<{ global_position: string }>(
        `select coalesce(max(global_position), 0)::text as global_position from ${this.schema}.events`,
      );
      const heads = rows.map((row): StreamHead => ({
        streamId: row.stream_id,
        position: Number(row.stream_position),
        hash: row.hash,
      }));
      const changed = heads
        .filter((head) => {
          const sealed = chain.heads.get(head.streamId);
          return !sealed || sealed.position !== head.position || sealed.hash !== head.hash;
        })
        .sort((a, b) => compareStreamIds(a.streamId, b.streamId));
      if (chain.latest && changed.length === 0) {
        await client.query('rollback');
        return undefined;
      }
      const document: SealDocument = {
        v: 1,
        schema: this.schema,
        seq: (chain.latest?.seq ?? 0) + 1,
        previous: chain.latest?.digest ?? FIRST_PREVIOUS,
        sealedAt: (this.options.now?.() ?? new Date()).toISOString(),
        globalPosition: position.rows[0]!.global_position,
        streams: heads.length,
        root: headsRoot(heads),
        heads: changed,
      };
      const text = canonicalSealText(document);
      await client.query(
        `insert into ${this.schema}.log_seals (seq, key_id, document, signature) values ($1, $2, $3, $4)`,
        [document.seq, this.options.key.keyId, text, signSeal(this.options.key, text)],
      );
      await client.query('commit');
      const digest = sealDigest(text);
      this.lastWritten = { seq: document.seq, digest };
      return {
        seq: document.seq,
        digest,
        globalPosition: document.globalPosition,
        streams: document.streams,
        changed: changed.length,
      };
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      // A connection that cannot unlock is discarded rather than returned to the pool holding the lock.
      const unlocked = await client.query('select pg_advisory_unlock(hashtext($1))', [lock]).then(
        () => true,
        () => false,
      );
      client.release(!unlocked);
    }
  }

  /**
   * Seals after `firstAfterMs`, then every `intervalMs`; a failure (a refusal included) goes to `onError` and the
   * next interval tries again.
   */
  start(intervalMs: number, onError: (error: unknown) => void, firstAfterMs = intervalMs): void {
    if (this.timer) return;
    const tick = (): void => {
      this.running = this.seal().catch(onError);
      void this.running.finally(() => {
        if (this.timer) this.timer = setTimeout(tick, intervalMs);
      });
    };
    this.timer = setTimeout(tick, firstAfterMs);
  }

  /** Stops the timer and waits for a seal in progress. */
  async stop(): Promise<void> {
    const timer = this.timer;
    this.timer = undefined;
    if (timer) clearTimeout(timer);
    await this.running;
  }

  private async refuseIfAltered(client: Parameters<typeof compareHeads>[0], chain: SealChain): Promise<void> {
    const findings: string[] = [
      ...chain.badSignature.map((bad) => `seal ${bad.seq}: ${bad.reason}`),
      ...chain.problems.map((problem) => `seal ${problem.seq}: ${problem.problem}`),
    ];
    const mine = this.lastWritten;
    if (mine && chain.digests.get(mine.seq) !== mine.digest)
      findings.push(`seal ${mine.seq}, written by this sealer, is missing or replaced`);
    const compared = await compareHeads(client, this.schema, [...chain.heads.values()]);
    findings.push(
      ...compared.rewritten.map((s) => `stream ${s.streamId} rewritten at position ${s.position}`),
      ...compared.truncated.map((s) => `stream ${s.streamId} truncated below position ${s.expectedPosition}`),
      ...compared.deleted.map((s) => `stream ${s.streamId} deleted`),
    );
    if (findings.length > 0)
      throw new LogSealRefusedError(
        `log seal of schema ${this.schema} refused, the log or its seals were altered: ${findings.slice(0, 20).join('; ')}${findings.length > 20 ? `; and ${findings.length - 20} more` : ''}`,
      );
  }
}
