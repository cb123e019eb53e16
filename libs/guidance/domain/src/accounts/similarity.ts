// Text similarity for matching what an official account published with the releases its unit approved. Chinese
// needs no word segmenter here: overlapping character pairs (bigrams) of the normalised text carry enough of the
// wording that a re-typed or lightly edited release still scores high, and an unrelated post scores low.

/** NFKC (full-width to half-width), lower case, and only letters and digits: punctuation and spacing do not count. */
export function normaliseText(text: string, maxChars = Number.POSITIVE_INFINITY): string {
  const kept = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
  // Code points, not UTF-16 units, so a bound never splits a character.
  const chars = Array.from(kept);
  return chars.length > maxChars ? chars.slice(0, maxChars).join('') : kept;
}

/** The multiset of overlapping character pairs; a one-character text counts as its character. */
export function bigrams(normalised: string): Map<string, number> {
  const chars = Array.from(normalised);
  const counts = new Map<string, number>();
  if (chars.length === 1) counts.set(chars[0] as string, 1);
  for (let i = 0; i + 1 < chars.length; i += 1) {
    const pair = `${chars[i] as string}${chars[i + 1] as string}`;
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}

/** Cosine of the two bigram count vectors, 0 (nothing shared, or an empty text) … 1 (the same text). */
export function bigramCosine(a: Map<string, number>, b: Map<string, number>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [pair, n] of small) dot += n * (large.get(pair) ?? 0);
  const norm = (v: Map<string, number>) => Math.sqrt([...v.values()].reduce((s, n) => s + n * n, 0));
  // Rounded so that the value recorded in an event is the one compared with the threshold.
  return Math.min(1, Math.round((dot / (norm(a) * norm(b))) * 1000) / 1000);
}

/** How alike two texts are after normalisation (bounded to `maxChars` each). */
export function textSimilarity(a: string, b: string, maxChars?: number): number {
  return bigramCosine(bigrams(normaliseText(a, maxChars)), bigrams(normaliseText(b, maxChars)));
}
