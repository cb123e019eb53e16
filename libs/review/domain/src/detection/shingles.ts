// Text overlap by character shingles: Chinese has no spaces, so 4-character windows over the text with punctuation
// and spaces removed stand for words. The share is of the smaller text's shingles, so an excerpt of a document
// posted online counts as much as the whole.

const SIZE = 4;

function shingles(text: string): Set<string> {
  const plain = text.normalize('NFKC').replace(/[\s\p{P}\p{S}]/gu, '');
  const set = new Set<string>();
  for (let i = 0; i + SIZE <= plain.length; i++) set.add(plain.slice(i, i + SIZE));
  return set;
}

/** The shingles of some texts together. */
export function shinglesOf(texts: readonly string[]): Set<string> {
  const set = new Set<string>();
  for (const text of texts) for (const s of shingles(text)) set.add(s);
  return set;
}

/**
 * How much of the smaller text's shingles the other text has. `known` shingles (of text already public) count for
 * neither side: text both had from elsewhere says nothing about one coming from the other.
 */
export function shingleOverlap(
  a: string,
  b: string,
  known: ReadonlySet<string> = new Set(),
): { shared: number; share: number } {
  const left = new Set([...shingles(a)].filter((s) => !known.has(s)));
  const right = new Set([...shingles(b)].filter((s) => !known.has(s)));
  const [small, large] = left.size <= right.size ? [left, right] : [right, left];
  if (small.size === 0) return { shared: 0, share: 0 };
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  return { shared, share: shared / small.size };
}
