/**
 * 64-bit SimHash over segmented words: near-duplicates and lightly edited reposts land within a few bits of
 * each other. Kept as two unsigned 32-bit halves (fast, no BigInt), printed as 16 hex digits.
 */
export interface SimHash {
  readonly hi: number;
  readonly lo: number;
}

/** FNV-1a over a string's UTF-16 units, with a final avalanche: a fast 32-bit hash of a word. */
export function fnv1a32(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // Final avalanche, so similar words do not share bit patterns.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  return hash >>> 0;
}

/** Words that carry no content for similarity: particles, pronouns, punctuation, single Latin letters. */
const STOP = new Set([
  '的',
  '了',
  '是',
  '在',
  '和',
  '与',
  '及',
  '也',
  '都',
  '就',
  '而',
  '或',
  '对',
  '把',
  '被',
  '给',
  '从',
  '向',
  '这',
  '那',
  '我',
  '你',
  '他',
  '她',
  '它',
  '们',
  '有',
  '个',
  '之',
  '其',
  '等',
  '着',
  '吗',
  '呢',
  '吧',
  '啊',
]);

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** Token → its content word (or null): a vocabulary repeats, so each token is normalised once. */
const contentMemo = new Map<string, string | null>();
const CONTENT_MEMO_MAX = 200_000;

function contentWord(token: string): string | null {
  let word = contentMemo.get(token);
  if (word === undefined) {
    const t = token.trim().toLowerCase();
    word = t.length > 0 && !STOP.has(t) && LETTER_OR_DIGIT.test(t) ? t : null;
    // Bounded: numbers and names make the token space open-ended.
    if (contentMemo.size >= CONTENT_MEMO_MAX) contentMemo.clear();
    contentMemo.set(token, word);
  }
  return word;
}

export function contentWords(tokens: readonly string[]): string[] {
  const words: string[] = [];
  for (const token of tokens) {
    const word = contentWord(token);
    if (word !== null) words.push(word);
  }
  return words;
}

export function simhash(tokens: readonly string[]): SimHash {
  return simhashOfCounts(countContentWords(tokens));
}

/** An item's SimHash and its set of content words, from one pass over its words. */
export function simhashAndWordSet(tokens: readonly string[]): {
  readonly fingerprint: SimHash;
  readonly wordSet: WordSet;
} {
  const counts = countContentWords(tokens);
  return { fingerprint: simhashOfCounts(counts), wordSet: wordSetOf(counts.keys()) };
}

function countContentWords(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of contentWords(tokens)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

function simhashOfCounts(weights: ReadonlyMap<string, number>): SimHash {
  const v = new Float64Array(64);
  for (const [word, weight] of weights) {
    const hi = fnv1a32(word, 0x811c9dc5);
    const lo = fnv1a32(word, 0x9747b28c);
    for (let bit = 0; bit < 32; bit++) {
      v[bit] += (hi >>> bit) & 1 ? weight : -weight;
      v[bit + 32] += (lo >>> bit) & 1 ? weight : -weight;
    }
  }
  let hi = 0;
  let lo = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (v[bit]! > 0) hi |= 1 << bit;
    if (v[bit + 32]! > 0) lo |= 1 << bit;
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export function hammingDistance(a: SimHash, b: SimHash): number {
  return popcount32((a.hi ^ b.hi) >>> 0) + popcount32((a.lo ^ b.lo) >>> 0);
}

export function simhashToHex(h: SimHash): string {
  return h.hi.toString(16).padStart(8, '0') + h.lo.toString(16).padStart(8, '0');
}

export function simhashFromHex(hex: string): SimHash {
  if (!/^[0-9a-f]{16}$/.test(hex)) throw new Error(`not a simhash: ${hex.slice(0, 20)}`);
  return { hi: parseInt(hex.slice(0, 8), 16) >>> 0, lo: parseInt(hex.slice(8), 16) >>> 0 };
}

/**
 * Distinct content words, ordered by a 32-bit hash (then by the word): two sets intersect in one merge over
 * numbers, with the words compared only where hashes meet, so a hash collision never counts as a shared word.
 */
export interface WordSet {
  readonly hashes: Uint32Array;
  readonly words: readonly string[];
}

const WORD_SEED = 0x811c9dc5;

/** The set of content words (as `contentWords` gives them), each once. */
export function wordSetOf(content: Iterable<string>): WordSet {
  const entries = [...new Set(content)].map((word) => ({ word, hash: fnv1a32(word, WORD_SEED) }));
  entries.sort((a, b) => a.hash - b.hash || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  return { hashes: Uint32Array.from(entries, (e) => e.hash), words: entries.map((e) => e.word) };
}

/** Jaccard of two word sets: shared words over distinct words in either, 0–1. */
export function wordSetOverlap(a: WordSet, b: WordSet): number {
  const na = a.words.length;
  const nb = b.words.length;
  if (na === 0 || nb === 0) return 0;
  const ha = a.hashes;
  const hb = b.hashes;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < na && j < nb) {
    const x = ha[i]!;
    const y = hb[j]!;
    if (x < y) i++;
    else if (x > y) j++;
    else {
      // Every word of this hash on either side: almost always one each.
      let iEnd = i + 1;
      while (iEnd < na && ha[iEnd] === x) iEnd++;
      let jEnd = j + 1;
      while (jEnd < nb && hb[jEnd] === x) jEnd++;
      for (let k = i; k < iEnd; k++) for (let l = j; l < jEnd; l++) if (a.words[k] === b.words[l]) shared++;
      i = iEnd;
      j = jEnd;
    }
  }
  return shared / (na + nb - shared);
}

/** Share of distinct content words two texts have in common (Jaccard), 0–1. */
export function wordOverlap(a: readonly string[], b: readonly string[]): number {
  return wordSetOverlap(wordSetOf(contentWords(a)), wordSetOf(contentWords(b)));
}
