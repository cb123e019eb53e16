import { KnownItems } from './known-items';

describe('known items (exact duplicates)', () => {
  const known = KnownItems.from([{ itemId: 'i1', canonicalUrl: 'https://a.cn/1', contentHash: 'h1' }]);

  it('given a kept item, when the same address or the same words come again, then they are its duplicates', () => {
    expect(known.duplicateOf('https://a.cn/1', 'other')).toBe('i1');
    expect(known.duplicateOf('https://a.cn/other', 'h1')).toBe('i1');
    expect(known.duplicateOf('https://a.cn/2', 'h2')).toBeUndefined();
  });

  it('when an item of the batch is added, then later items of the batch see it', () => {
    known.add('https://a.cn/2', 'h2', 'i2');
    expect(known.duplicateOf('https://a.cn/2', 'x')).toBe('i2');
    expect(known.duplicateOf('x', 'h2')).toBe('i2');
  });

  it('prefers the item with the same address to the one with the same words', () => {
    expect(known.duplicateOf('https://a.cn/2', 'h1')).toBe('i2');
  });
});
