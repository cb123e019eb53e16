import type { EventMetadata } from '@yuqing/contracts';
import { rewriteBehindTheLog, testDatabase, waitFor } from '@yuqing/testing';
import { PostgresEventStore } from '../event-store';
import { chainHash, GENESIS_HASH } from '../hash-chain';
import { migrate } from '../postgres/migrations';
import { uuidv7 } from '../uuid';
import { LogSealer, LogSealRefusedError } from './log-sealer';
import { LogSealVerifier } from './log-seal-verifier';
import { logSealMigrations } from './seal-chain';
import { generateLogSealKey, signSeal } from './seal-key';

// Whoever can write the database can rewrite a stream and recompute its chain, or delete a stream, and the
// chain alone still verifies. The signed seals, made with a key the database does not hold, name both.
const db = testDatabase('seal');
const key = generateLogSealKey();
const metadata: EventMetadata = {
  orgUnit: 'cn-yn-km',
  actor: { kind: 'user', id: 'officer-7' },
  correlationId: 'c-1',
};
const schemas: string[] = [];

/** A schema of the test's own: tampering in one test must not show up in another. */
async function log(): Promise<{
  schema: string;
  store: PostgresEventStore;
  sealer: LogSealer;
  verifier: LogSealVerifier;
  stream: (events?: number) => Promise<string>;
}> {
  const schema = `${db.schema}_${schemas.length}`;
  schemas.push(schema);
  const store = new PostgresEventStore({ pool: db.pool, schema });
  await migrate(db.pool, schema, [...store.migrations(), ...logSealMigrations(schema)]);
  const stream = async (events = 3): Promise<string> => {
    const id = `reporting-obligation-${uuidv7()}`;
    await store.append(
      id,
      Array.from({ length: events }, (_, i) => flashReport(i + 1)),
      {
        expectedVersion: 'no_stream',
        metadata,
      },
    );
    return id;
  };
  return {
    schema,
    store,
    sealer: new LogSealer({ pool: db.pool, schema, key }),
    verifier: new LogSealVerifier(db.pool, schema, [key.publicKey]),
    stream,
  };
}

function flashReport(n: number): { type: string; data: Record<string, unknown> } {
  return { type: 'reporting.FlashReportSent', data: { n, channel: '电话', text: `快报第${n}次` } };
}

/** What an insider with write access does: edit one event, then recompute the stream's chain from there on. */
async function rewriteWithRecomputedChain(
  schema: string,
  store: PostgresEventStore,
  streamId: string,
  position: number,
): Promise<void> {
  await rewriteBehindTheLog(
    db.pool,
    schema,
    [
      `update ${schema}.events set data = jsonb_set(data, '{text}', '"快报已撤回"') where stream_id = $1 and stream_position = $2`,
    ],
    [streamId, position],
  );
  let prev: Buffer = GENESIS_HASH;
  for (const event of await store.readCanonicalStream(streamId)) {
    const hash = chainHash(prev, event);
    await rewriteBehindTheLog(
      db.pool,
      schema,
      [`update ${schema}.events set prev_hash = $3, hash = $4 where stream_id = $1 and stream_position = $2`],
      [streamId, Number(event.streamPosition), prev, hash],
    );
    prev = hash;
  }
}

afterAll(async () => {
  for (const schema of schemas) await db.pool.query(`drop schema if exists ${schema} cascade`);
  await db.drop();
});

describe('signed log seals', () => {
  it('verify an untouched log, streams appended and created after the seal included', async () => {
    const { sealer, verifier, stream, store } = await log();
    const grown = await stream();
    await stream(1);
    const first = await sealer.seal();
    expect(first).toMatchObject({ seq: 1, streams: 2, changed: 2 });

    await store.append(grown, [flashReport(4)], { expectedVersion: 3, metadata });
    await stream(2);
    expect(await verifier.verify()).toEqual({
      ok: true,
      checkpoint: {
        seq: 1,
        globalPosition: first!.globalPosition,
        digest: first!.digest,
        sealedAt: expect.any(String),
      },
      rewritten: [],
      truncated: [],
      deleted: [],
      sealChain: [],
      brokenChains: [],
    });

    // The next seal records only what moved, and still commits to every stream.
    const second = await sealer.seal();
    expect(second).toMatchObject({ seq: 2, streams: 3, changed: 2 });
    expect(await sealer.seal()).toBeUndefined();
    const result = await verifier.verify({ latestKnown: { seq: 2, digest: second!.digest } });
    expect(result).toMatchObject({ ok: true, checkpoint: { seq: 2 }, sealChain: [] });
  });

  it('name a stream rewritten with a recomputed chain, which the chain alone accepts', async () => {
    const { schema, sealer, verifier, stream, store } = await log();
    const untouched = await stream();
    const rewritten = await stream(5);
    await sealer.seal();
    const before = await store.readCanonicalStream(rewritten);

    await rewriteWithRecomputedChain(schema, store, rewritten, 2);
    expect(await store.verifyStream(rewritten)).toEqual({ streamId: rewritten, ok: true, events: 5 });
    expect((await store.verifyAll()).ok).toBe(true);

    const after = await store.readCanonicalStream(rewritten);
    const result = await verifier.verify();
    expect(result.ok).toBe(false);
    expect(result.rewritten).toEqual([
      { streamId: rewritten, position: 5, expected: before[4]!.hash, found: after[4]!.hash },
    ]);
    expect(result.deleted).toEqual([]);
    expect(JSON.stringify(result)).not.toContain(untouched);
    // And the sealer will not sign over it.
    await expect(sealer.seal()).rejects.toThrow(LogSealRefusedError);
    await expect(sealer.seal()).rejects.toThrow(`stream ${rewritten} rewritten at position 5`);
  });

  it('name a deleted stream and a stream cut short, which the chain alone accepts', async () => {
    const { schema, sealer, verifier, stream, store } = await log();
    await stream();
    const deleted = await stream(4);
    const cut = await stream(4);
    await sealer.seal();

    await rewriteBehindTheLog(
      db.pool,
      schema,
      [`delete from ${schema}.events where stream_id = $1`],
      [deleted],
    );
    await rewriteBehindTheLog(
      db.pool,
      schema,
      [`delete from ${schema}.events where stream_id = $1 and stream_position = 4`],
      [cut],
    );
    expect((await store.verifyAll()).ok).toBe(true);

    const result = await verifier.verify();
    expect(result).toMatchObject({
      ok: false,
      deleted: [{ streamId: deleted, expectedPosition: 4 }],
      truncated: [{ streamId: cut, expectedPosition: 4, foundPosition: 3 }],
      rewritten: [],
    });
    await expect(sealer.seal()).rejects.toThrow(`stream ${deleted} deleted`);
  });

  it('report a seal whose document was edited, or re-signed with another key, as a bad signature', async () => {
    const { schema, sealer, verifier, stream, store } = await log();
    const id = await stream();
    await sealer.seal();
    await store.append(id, [flashReport(4)], { expectedVersion: 3, metadata });
    await sealer.seal();
    await stream();
    await sealer.seal();

    // Cover up a rewrite by writing its new head hash into the seal.
    await rewriteWithRecomputedChain(schema, store, id, 1);
    const [head] = await store.readCanonicalStream(id).then((events) => events.slice(-1));
    const { rows } = await db.pool.query<{ document: string }>(
      `select document from ${schema}.log_seals where seq = 2`,
    );
    const covered = rows[0]!.document.replace(/"[0-9a-f]{64}"\]\]\}$/, `"${head!.hash}"]]}`);
    await rewriteBehindTheLog(
      db.pool,
      schema,
      [`update ${schema}.log_seals set document = $1 where seq = 2`],
      [covered],
    );
    // And re-sign another with the insider's own key.
    const insider = generateLogSealKey();
    const third = (
      await db.pool.query<{ document: string }>(`select document from ${schema}.log_seals where seq = 3`)
    ).rows[0]!.document;
    await rewriteBehindTheLog(
      db.pool,
      schema,
      [`update ${schema}.log_seals set key_id = $1, signature = $2 where seq = 3`],
      [insider.keyId, signSeal(insider, third)],
    );

    const result = await verifier.verify();
    expect(result.ok).toBe(false);
    expect(result.badSignature).toEqual([
      { seq: 2, reason: 'the signature does not match the document: the seal was altered' },
      { seq: 3, reason: `signed by an unknown key ${insider.keyId}` },
    ]);
    await expect(sealer.seal()).rejects.toThrow('seal 2: the signature does not match');
  });

  it('report a deleted seal: a gap, a renumbered seal, and the newest against the digest kept outside', async () => {
    const { schema, sealer, verifier, stream } = await log();
    for (let i = 0; i < 4; i++) {
      await stream();
      await sealer.seal();
    }
    await rewriteBehindTheLog(db.pool, schema, [`delete from ${schema}.log_seals where seq = 2`]);
    expect(await verifier.verify()).toMatchObject({
      ok: false,
      sealChain: [
        { seq: 2, problem: 'seal 2 is missing' },
        { seq: 4, problem: 'the heads in the seals do not add up to the signed root of the latest seal' },
      ],
    });
    // Closing the gap by renumbering does not help: the number and the previous digest are signed.
    await rewriteBehindTheLog(db.pool, schema, [`update ${schema}.log_seals set seq = 2 where seq = 3`]);
    await rewriteBehindTheLog(db.pool, schema, [`update ${schema}.log_seals set seq = 3 where seq = 4`]);
    expect((await verifier.verify()).sealChain).toEqual([
      { seq: 2, problem: 'the document says it is seal 3' },
      { seq: 2, problem: 'its previous digest does not match seal 1: a seal was replaced or removed' },
      { seq: 3, problem: 'the document says it is seal 4' },
      { seq: 4, problem: 'the heads in the seals do not add up to the signed root of the latest seal' },
    ]);

    // The newest seal removed leaves a whole, shorter chain: only the digest the auditor kept outside shows it.
    const other = await log();
    for (let i = 0; i < 3; i++) {
      await other.stream();
      await other.sealer.seal();
    }
    const known = { seq: 3, digest: (await other.verifier.verify()).checkpoint!.digest };
    await rewriteBehindTheLog(db.pool, other.schema, [`delete from ${other.schema}.log_seals where seq = 3`]);
    expect(await other.verifier.verify()).toMatchObject({ ok: true, checkpoint: { seq: 2 } });
    expect(await other.verifier.verify({ latestKnown: known })).toMatchObject({
      ok: false,
      sealChain: [{ seq: 3, problem: 'the seal known from outside is missing: seals were removed' }],
    });
  });

  it('refuse to seal over a seal of a key they are not given, and carry on over a rotation given the old key', async () => {
    const { schema, sealer, stream } = await log();
    await stream();
    await sealer.seal();
    await stream();
    // A new key without the old one: the old seals could be anyone's (an insider's, covering a rewrite).
    const rotated = generateLogSealKey();
    await expect(new LogSealer({ pool: db.pool, schema, key: rotated }).seal()).rejects.toThrow(
      `seal 1: signed by an unknown key ${key.keyId}`,
    );
    // Given the old public key, the new sealer trusts its seals and signs the next.
    const carried = new LogSealer({ pool: db.pool, schema, key: rotated, previousKeys: [key.publicKey] });
    expect(await carried.seal()).toMatchObject({ seq: 2 });
    const verifier = new LogSealVerifier(db.pool, schema, [key.publicKey, rotated.publicKey]);
    expect(await verifier.verify()).toMatchObject({ ok: true, checkpoint: { seq: 2 } });
  });

  it('seal on an interval, one sealer at a time, and refuse when its own last seal is gone', async () => {
    const { schema, sealer, verifier, stream } = await log();
    await stream();
    const twin = new LogSealer({ pool: db.pool, schema, key });
    const both = await Promise.all([sealer.seal(), twin.seal()]);
    expect(both.filter((seal) => seal !== undefined)).toHaveLength(1);

    await stream();
    const errors: unknown[] = [];
    sealer.start(50, (error) => errors.push(error));
    await waitFor('the interval seal', async () => (await verifier.verify()).checkpoint?.seq === 2, 10000);
    await sealer.stop();
    expect(errors).toEqual([]);

    await rewriteBehindTheLog(db.pool, schema, [`delete from ${schema}.log_seals where seq = 2`]);
    await stream();
    await expect(sealer.seal()).rejects.toThrow('seal 2, written by this sealer, is missing or replaced');
  });
});
