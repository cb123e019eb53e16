import type { EventMetadata } from '@yuqing/contracts';
import { testDatabase } from '@yuqing/testing';
import { PostgresEventStore } from './event-store';
import { chainHash, GENESIS_HASH } from './hash-chain';
import { migrate } from './postgres/migrations';
import { uuidv7 } from './uuid';

// An export carries a stream's events in the exact forms the chain hashes, so that a verifier without the
// database recomputes the same hashes from GENESIS.
const db = testDatabase('canonical');
const store = new PostgresEventStore({ pool: db.pool, schema: db.schema });
const metadata: EventMetadata = {
  orgUnit: 'cn-yn-km',
  actor: { kind: 'user', id: 'officer-7' },
  correlationId: 'c-1',
};

beforeAll(async () => {
  await migrate(db.pool, db.schema, store.migrations());
});
afterAll(() => db.drop());

describe('reading a stream in its canonical forms', () => {
  it('returns every event with links that recompute offline from GENESIS', async () => {
    const id = `archive-case-${uuidv7()}`;
    await store.append(
      id,
      ['快报', 'a "quoted" \\ line', '第三次 <b>'].map((text, n) => ({
        type: 'reporting.FlashReportSent',
        data: { n, text },
      })),
      { expectedVersion: 'no_stream', metadata },
    );
    await store.append(id, [{ type: 'reporting.FlashReportSent', data: { n: 3 } }], {
      expectedVersion: 3,
      metadata,
    });

    const events = await store.readCanonicalStream(id);
    const stored = await store.readStream(id);

    expect(events.map((e) => [e.streamPosition, e.eventId, e.eventType])).toEqual(
      stored.map((e) => [String(e.streamPosition), e.eventId, e.type]),
    );
    expect(JSON.parse(events[1]!.dataText)).toEqual({ n: 1, text: 'a "quoted" \\ line' });
    let prev: Buffer = GENESIS_HASH;
    for (const event of events) {
      expect(event.prevHash).toBe(prev.toString('hex'));
      prev = chainHash(prev, event);
      expect(event.hash).toBe(prev.toString('hex'));
    }
  });

  it('returns nothing for a stream that does not exist', async () => {
    expect(await store.readCanonicalStream(`archive-case-${uuidv7()}`)).toEqual([]);
  });
});
