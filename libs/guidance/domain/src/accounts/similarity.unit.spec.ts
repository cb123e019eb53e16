import { bigrams, normaliseText, textSimilarity } from './similarity';

describe('text similarity (character bigrams)', () => {
  it('ignores punctuation, spacing, width and case', () => {
    expect(normaliseText('  关于ＸＸ路段，塌陷的 通报！ ABC ')).toBe('关于xx路段塌陷的通报abc');
    expect(textSimilarity('关于某路段塌陷的情况通报。', '关于某路段塌陷的情况通报')).toBe(1);
  });

  it('scores a lightly edited release high and an unrelated post low', () => {
    const release =
      '11月20日上午，宜良县某路段发生路面塌陷，无人员伤亡。县住建局已对现场进行围挡，正在组织抢修，预计三日内恢复通行。';
    const edited =
      '11月20日上午，宜良县某路段发生路面塌陷，未造成人员伤亡。县住建局已对现场围挡，正组织抢修，预计3日内恢复通行。';
    const unrelated = '我县举办第二届农产品展销会，欢迎广大市民前来选购高原特色农产品。';
    expect(textSimilarity(release, edited)).toBeGreaterThanOrEqual(0.6);
    expect(textSimilarity(release, unrelated)).toBeLessThan(0.2);
  });

  it('answers 0 for an empty text, and bounds what it reads', () => {
    expect(textSimilarity('', '任何内容')).toBe(0);
    expect(normaliseText('甲'.repeat(100_000), 10)).toHaveLength(10);
    expect(bigrams('甲')).toEqual(new Map([['甲', 1]]));
  });
});
