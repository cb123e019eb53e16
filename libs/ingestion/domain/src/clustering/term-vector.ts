import { fnv1a32 } from '../dedup/simhash';

/**
 * A sparse vector of weighted terms, kept as parallel arrays sorted by the terms' 32-bit hashes, so that two
 * vectors are compared by one merge of their arrays (no string hashing or map look-up per comparison). Clustering
 * compares every item with every open incident of its unit, so this is the inner loop of capture.
 */
export interface TermVector {
  readonly ids: Int32Array;
  readonly weights: Float64Array;
  /** The terms, in the order of `ids`: only read to explain a decision. */
  readonly terms: readonly string[];
}

export const EMPTY_VECTOR: TermVector = { ids: new Int32Array(0), weights: new Float64Array(0), terms: [] };

/** A term's id in vectors. */
export const termId = (term: string): number => fnv1a32(term) | 0;

/**
 * A vector of unit length from terms and their weights (a term given twice keeps its larger weight); a caller
 * that already knows a term's id passes it third.
 */
export function termVector(entries: Iterable<readonly [string, number, number?]>): TermVector {
  const byId = new Map<number, { term: string; weight: number }>();
  for (const [term, weight, givenId] of entries) {
    if (!(weight > 0)) continue;
    const id = givenId ?? termId(term);
    const known = byId.get(id);
    if (!known || known.weight < weight) byId.set(id, { term, weight });
  }
  return fromEntries([...byId].sort((a, b) => a[0] - b[0]));
}

function fromEntries(sorted: readonly (readonly [number, { term: string; weight: number }])[]): TermVector {
  const norm = Math.sqrt(sorted.reduce((sum, [, { weight }]) => sum + weight * weight, 0)) || 1;
  return {
    ids: Int32Array.from(sorted, ([id]) => id),
    weights: Float64Array.from(sorted, ([, { weight }]) => weight / norm),
    terms: sorted.map(([, { term }]) => term),
  };
}

/** The cosine of two unit vectors. */
export function dot(a: TermVector, b: TermVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  const ai = a.ids;
  const bi = b.ids;
  while (i < ai.length && j < bi.length) {
    const x = ai[i]!;
    const y = bi[j]!;
    if (x === y) sum += a.weights[i++]! * b.weights[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return sum;
}

/** The terms two vectors share, by the product of their weights, largest first. */
export function sharedTerms(a: TermVector, b: TermVector): string[] {
  const shared: [string, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i]!;
    const y = b.ids[j]!;
    if (x === y) shared.push([a.terms[i]!, a.weights[i++]! * b.weights[j++]!]);
    else if (x < y) i++;
    else j++;
  }
  return shared.sort((p, q) => q[1] - p[1]).map(([term]) => term);
}

/** Sorted unique 32-bit hashes of strings (character pairs of a title), compared by merging. */
export function hashSet(values: Iterable<string>): Int32Array {
  return Int32Array.from(new Set([...values].map((v) => fnv1a32(v) | 0))).sort();
}

/** Dice's coefficient of two sorted hash sets. */
export function diceOf(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return (2 * shared) / (a.length + b.length);
}
