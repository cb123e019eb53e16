import { analyseSentiment } from './sentiment';

describe('Chinese sentiment with negation', () => {
  it('reads a complaint as negative and names the words that decided it', () => {
    const result = analyseSentiment(['居民', '投诉', '河道', '污染', '严重', '无人', '处理']);
    expect(result.polarity).toBe('negative');
    expect(result.decidingWords.map((d) => d.word)).toEqual(['投诉', '污染']);
  });

  it('flips a praise word after a negation: 不满意 is negative', () => {
    const result = analyseSentiment(['居民', '对', '处理', '结果', '不', '满意']);
    expect(result.polarity).toBe('negative');
    expect(result.decidingWords).toContainEqual({ word: '满意', weight: -1, negatedBy: '不' });
  });

  it('flips a complaint word after a negation and lets two negations cancel', () => {
    expect(analyseSentiment(['群众', '没有', '不满']).score).toBeGreaterThan(0);
    expect(analyseSentiment(['不是', '不', '满意']).polarity).toBe('positive');
  });

  it('strengthens with degree adverbs', () => {
    const plain = analyseSentiment(['服务', '满意']).score;
    const strong = analyseSentiment(['服务', '非常', '满意']);
    expect(strong.score).toBeGreaterThan(plain);
    expect(strong.decidingWords[0]).toMatchObject({ word: '满意', intensifiedBy: '非常' });
  });

  it('reads thanks for a quick fix as positive and plain news as neutral', () => {
    expect(analyseSentiment(['感谢', '街道', '及时', '解决', '停水', '问题']).polarity).toBe('positive');
    expect(analyseSentiment(['官渡区', '图书馆', '周末', '举办', '阅读', '活动'])).toEqual({
      polarity: 'neutral',
      score: 0,
      decidingWords: [],
    });
  });
});
