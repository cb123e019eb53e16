import { createHash } from 'node:crypto';
import {
  canonicalSealText,
  FIRST_PREVIOUS,
  headsRoot,
  MalformedSealError,
  parseSealText,
  sealDigest,
  type SealDocument,
  type StreamHead,
} from './seal-document';

// One document must have one byte string: the one signed, hashed, and cited by the next seal.
const hash = (n: number): string => createHash('sha256').update(String(n)).digest('hex');
const heads: StreamHead[] = [
  { streamId: 'reporting-obligation-b', position: 3, hash: hash(3) },
  { streamId: 'grading-incident-舆情', position: 1, hash: hash(1) },
  { streamId: 'grading-incident-a', position: 12, hash: hash(12) },
];
const document: SealDocument = {
  v: 1,
  schema: 'grading',
  seq: 2,
  previous: hash(0),
  sealedAt: '2026-12-07T08:00:00.000Z',
  globalPosition: '9007199254740993',
  streams: 3,
  root: headsRoot(heads),
  heads,
};

describe('the seal document', () => {
  it('has one text form: fixed key order, heads sorted by the UTF-8 bytes of their stream ids', () => {
    const text = canonicalSealText(document);
    expect(text).toBe(
      `{"v":1,"schema":"grading","seq":2,"previous":"${hash(0)}","sealedAt":"2026-12-07T08:00:00.000Z",` +
        `"globalPosition":"9007199254740993","streams":3,"root":"${document.root}","heads":[` +
        `["grading-incident-a",12,"${hash(12)}"],["grading-incident-舆情",1,"${hash(1)}"],` +
        `["reporting-obligation-b",3,"${hash(3)}"]]}`,
    );
    expect(canonicalSealText({ ...document, heads: [...heads].reverse() })).toBe(text);
    expect(sealDigest(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('reads back exactly what was written', () => {
    const text = canonicalSealText(document);
    const parsed = parseSealText(text);
    expect(canonicalSealText(parsed)).toBe(text);
    expect(parsed.heads.map((head) => head.streamId)).toEqual([
      'grading-incident-a',
      'grading-incident-舆情',
      'reporting-obligation-b',
    ]);
  });

  it.each([
    ['whitespace added', (text: string) => text.replace('"seq":2', '"seq": 2')],
    [
      'keys reordered',
      (text: string) => text.replace('{"v":1,"schema":"grading"', '{"schema":"grading","v":1'),
    ],
    ['heads out of order', (text: string) => text.replace('grading-incident-a', 'zz-incident-a')],
    ['a head without a hash', (text: string) => text.replace(`,"${hash(12)}"]`, ']')],
    ['a short previous digest', (text: string) => text.replace(hash(0), 'abc')],
    ['a position as text', (text: string) => text.replace('"seq":2', '"seq":"2"')],
    ['not JSON', () => '{"v":1'],
  ])('refuses a document with %s', (_what, edit) => {
    expect(() => parseSealText(edit(canonicalSealText(document)))).toThrow(MalformedSealError);
  });

  it('gives the first seal a previous digest of zeros', () => {
    expect(FIRST_PREVIOUS).toBe('0'.repeat(64));
  });
});

describe('the Merkle root over the heads', () => {
  const leaf = (head: StreamHead): Buffer => {
    const parts = [head.streamId, String(head.position), head.hash];
    const bytes = Buffer.from(parts.map((p) => `${Buffer.byteLength(p, 'utf8')}:${p}`).join(''), 'utf8');
    return createHash('sha256').update(Buffer.of(0)).update(bytes).digest();
  };
  const node = (left: Buffer, right: Buffer): Buffer =>
    createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest();

  it('is computed as documented: tagged leaves in stream id order, an odd node moving up', () => {
    const [a, u, r] = [heads[2]!, heads[1]!, heads[0]!];
    expect(headsRoot(heads)).toBe(node(node(leaf(a), leaf(u)), leaf(r)).toString('hex'));
    expect(headsRoot([a])).toBe(leaf(a).toString('hex'));
    expect(headsRoot([])).toBe(createHash('sha256').digest('hex'));
  });

  it('does not depend on the order given, and changes with any head', () => {
    expect(headsRoot([...heads].reverse())).toBe(headsRoot(heads));
    expect(headsRoot(heads.map((h, i) => (i === 1 ? { ...h, hash: hash(99) } : h)))).not.toBe(
      headsRoot(heads),
    );
    expect(headsRoot(heads.map((h, i) => (i === 0 ? { ...h, position: 4 } : h)))).not.toBe(headsRoot(heads));
    expect(headsRoot(heads.slice(1))).not.toBe(headsRoot(heads));
  });
});
