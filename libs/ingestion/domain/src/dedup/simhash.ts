/**
 * 64-bit SimHash over segmented words: near-duplicates and lightly edited reposts land within a few bits of
 * each other. Kept as two unsigned 32-bit halves (fast, no BigInt), printed as 16 hex digits.
 */
export interface SimHash {
  readonly hi: number;
  readonly lo: number;
}

function fnv1a32(text: string, seed: number): number {
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

export function contentWords(tokens: readonly string[]): string[] {
  return tokens
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0 && !STOP.has(t) && /[\p{L}\p{N}]/u.test(t));
}

export function simhash(tokens: readonly string[]): SimHash {
  const weights = new Map<string, number>();
  for (const word of contentWords(tokens)) weights.set(word, (weights.get(word) ?? 0) + 1);
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

/** Share of distinct content words two texts have in common (Jaccard), 0–1. */
export function wordOverlap(a: readonly string[], b: readonly string[]): number {
  return setOverlap(new Set(contentWords(a)), new Set(contentWords(b)));
}

/** Jaccard of two word sets already reduced to content words (clustering keeps them per item). */
export function setOverlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const word of small) if (large.has(word)) shared++;
  return shared / (a.size + b.size - shared);
}
