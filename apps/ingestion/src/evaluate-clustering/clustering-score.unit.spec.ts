import { scoreClustering } from './clustering-score';

const labels = (entries: Record<string, string>) => new Map(Object.entries(entries));
// Two events: a (3 reports) and b (2 reports).
const gold = labels({ a1: 'a', a2: 'a', a3: 'a', b1: 'b', b2: 'b' });

describe('scoring a clustering against the labelled events', () => {
  it('is perfect for the true clustering', () => {
    const score = scoreClustering(gold, labels({ a1: 'x', a2: 'x', a3: 'x', b1: 'y', b2: 'y' }));
    expect(score.pairwise).toMatchObject({ precision: 1, recall: 1, f1: 1, truePairs: 4, predictedPairs: 4 });
    expect(score.bcubed).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it('counts pairs: one event split in two loses recall, not precision', () => {
    const score = scoreClustering(gold, labels({ a1: 'x', a2: 'x', a3: 'z', b1: 'y', b2: 'y' }));
    // Pairs that belong together: a1a2 a1a3 a2a3 b1b2 (4); put together: a1a2 b1b2 (2), both right.
    expect(score.pairwise).toMatchObject({ precision: 1, recall: 0.5, truePairs: 2, predictedPairs: 2 });
    expect(score.pairwise.f1).toBeCloseTo(2 / 3, 4);
    // B-cubed recall: a1, a2 see 2 of 3; a3 sees 1 of 3; b1, b2 see 2 of 2.
    expect(score.bcubed.recall).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5, 4);
    expect(score.bcubed.precision).toBe(1);
  });

  it('counts pairs: two events merged lose precision, not recall, and are listed with --explain', () => {
    const score = scoreClustering(gold, labels({ a1: 'x', a2: 'x', a3: 'x', b1: 'x', b2: 'x' }), true);
    expect(score.pairwise).toMatchObject({ recall: 1, truePairs: 4, predictedPairs: 10, precision: 0.4 });
    expect(score.clusters).toBe(1);
    expect(score.errors?.wronglyMerged).toEqual([['a: a1 a2 a3', 'b: b1 b2']]);
  });

  it('refuses a clustering that leaves a report out', () => {
    expect(() => scoreClustering(gold, labels({ a1: 'x' }))).toThrow(/report a2 has no predicted cluster/);
  });
});
