import { parseKeywordExpression } from '../rules/keyword-expression';
import { judgeRelevance, type MonitoringRule } from './relevance';

const rule = (ruleId: string, expression: string, platforms: string[] = []): MonitoringRule => ({
  ruleId,
  version: 2,
  expression: parseKeywordExpression(expression),
  platforms,
});
const rules = [rule('xishan', '西山区 AND (污染 OR 欠薪) NOT 广告'), rule('weibo-only', '拆迁', ['weibo'])];
const crawled = { platform: 'forum', captureMethod: 'crawler' } as const;

describe('relevance (涉本辖区)', () => {
  it("given the unit's rules, when a crawled item matches one, then it is kept with the rule and its terms", () => {
    expect(judgeRelevance(crawled, '西山区河道污染', '居民投诉', rules)).toEqual({
      kind: 'matched',
      matches: [{ ruleId: 'xishan', ruleVersion: 2, terms: expect.arrayContaining(['西山区', '污染']) }],
    });
  });

  it('when no rule matches, then it is rejected as matching no rule', () => {
    expect(judgeRelevance(crawled, '官渡区美食', '米线好吃', rules)).toEqual({
      kind: 'rejected',
      reason: 'no-rule-matched',
    });
  });

  it('when an excluding term fires, then it is rejected for the excluded term', () => {
    expect(judgeRelevance(crawled, '西山区污染治理广告', '欢迎来电', rules)).toEqual({
      kind: 'rejected',
      reason: 'excluded-term',
    });
  });

  it('when a rule watches other platforms only, then it does not match there', () => {
    expect(judgeRelevance(crawled, '拆迁补偿', '村民质疑', rules)).toMatchObject({ kind: 'rejected' });
    expect(judgeRelevance({ ...crawled, platform: 'weibo' }, '拆迁补偿', '村民质疑', rules)).toMatchObject({
      kind: 'matched',
    });
  });

  it('given no rules, when a monitor, a media tip-off or a transfer brings the item, then it was judged already', () => {
    for (const item of [
      { platform: 'forum', captureMethod: 'manual' },
      { platform: 'forum', captureMethod: 'media-tip-off' },
      { platform: 'forum', captureMethod: 'crawler', transfer: {} },
    ])
      expect(judgeRelevance(item, '官渡区美食', '米线好吃', [])).toEqual({ kind: 'judged' });
  });
});
