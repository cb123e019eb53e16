import type { KeyObject } from 'node:crypto';
import { assertSchemaName } from '../postgres/schema';
import type { Queryable } from '../read/event-reader';
import type { StreamBreak } from '../types';
import { HashChainVerifier } from '../verify/hash-chain-verifier';
import {
  compareHeads,
  readSealChain,
  type BadSignature,
  type DeletedStream,
  type RewrittenStream,
  type SealChainProblem,
  type TruncatedStream,
} from './seal-chain';
import { sealKeyId } from './seal-key';

/** A seal the auditor knows from outside the database (kept when it was made): the chain must still reach it. */
export interface KnownSeal {
  readonly seq: number;
  readonly digest: string;
}

export interface SealVerifyOptions {
  readonly latestKnown?: KnownSeal;
  /** Also recompute every stream's hash chain (default true): the seal vouches for the head, the chain for the rest. */
  readonly chains?: boolean;
}

export interface SealVerifyResult {
  readonly ok: boolean;
  /** The latest seal in the database, which the log was checked against; null when there is none. */
  readonly checkpoint: { seq: number; globalPosition: string; digest: string; sealedAt: string } | null;
  readonly rewritten: readonly RewrittenStream[];
  readonly truncated: readonly TruncatedStream[];
  readonly deleted: readonly DeletedStream[];
  /** Seals whose signature does not verify with the keys given: altered, or signed by a stranger. */
  readonly badSignature?: readonly BadSignature[];
  /** Seals missing, replaced or inconsistent (gaps in seq, a previous digest that does not match, …). */
  readonly sealChain: readonly SealChainProblem[];
  /** Streams whose hash chain is broken (HashChainVerifier), when `chains` is on. */
  readonly brokenChains?: readonly StreamBreak[];
}

/**
 * Checks one schema's log against its latest seal, with public keys given from outside. Reads only; run it
 * with a role that cannot write, from a machine that holds the public keys and the latest known digest.
 */
export class LogSealVerifier {
  private readonly schema: string;
  private readonly keys: Map<string, KeyObject>;

  constructor(
    private readonly db: Queryable,
    schema: string,
    publicKeys: readonly KeyObject[],
  ) {
    this.schema = assertSchemaName(schema);
    this.keys = new Map(publicKeys.map((key) => [sealKeyId(key), key]));
  }

  async verify(options: SealVerifyOptions = {}): Promise<SealVerifyResult> {
    const chain = await readSealChain(this.db, this.schema, this.keys, 'refuse');
    const sealChain = [...chain.problems];
    if (!chain.latest) sealChain.push({ seq: 1, problem: 'no seal: nothing anchors this log' });
    const known = options.latestKnown;
    if (known) {
      const digest = chain.digests.get(known.seq);
      if (digest === undefined)
        sealChain.push({
          seq: known.seq,
          problem: 'the seal known from outside is missing: seals were removed',
        });
      else if (digest !== known.digest.toLowerCase())
        sealChain.push({ seq: known.seq, problem: 'the seal differs from the digest known from outside' });
    }
    const compared = await compareHeads(this.db, this.schema, [...chain.heads.values()]);
    const brokenChains =
      options.chains === false
        ? undefined
        : (await new HashChainVerifier(this.db, this.schema).verifyAll()).broken;
    const ok =
      sealChain.length === 0 &&
      chain.badSignature.length === 0 &&
      compared.rewritten.length === 0 &&
      compared.truncated.length === 0 &&
      compared.deleted.length === 0 &&
      (brokenChains ?? []).length === 0;
    return {
      ok,
      checkpoint: chain.latest
        ? {
            seq: chain.latest.seq,
            globalPosition: chain.latest.globalPosition,
            digest: chain.latest.digest,
            sealedAt: chain.latest.sealedAt,
          }
        : null,
      ...compared,
      ...(chain.badSignature.length > 0 ? { badSignature: chain.badSignature } : {}),
      sealChain,
      ...(brokenChains ? { brokenChains } : {}),
    };
  }
}
