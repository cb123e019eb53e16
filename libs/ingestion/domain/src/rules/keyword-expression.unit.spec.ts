import {
  evaluateKeywordExpression,
  matchableText,
  parseKeywordExpression,
  RuleSyntaxError,
} from './keyword-expression';

const match = (rule: string, text: string) =>
  evaluateKeywordExpression(parseKeywordExpression(rule), matchableText(text));

describe('monitoring rules: keyword expressions', () => {
  const rule = '(西山区 OR 昆明市 OR "滇池管理局") AND (污染 OR 拆迁 OR 欠薪) NOT (广告 OR 招聘)';

  it('keeps an item that names a place and an event word, and says which terms decided', () => {
    expect(match(rule, '网友爆料:西山区某小区旁河道污染严重,无人处理')).toEqual({
      matched: true,
      terms: ['西山区', '污染'],
      excludedBy: [],
    });
  });

  it('drops an item that names the place but no event word', () => {
    expect(match(rule, '西山区今日天气晴好,适宜出行').matched).toBe(false);
  });

  it('drops an item with an exclusion and names it', () => {
    expect(match(rule, '昆明市拆迁公司招聘司机,待遇优厚')).toEqual({
      matched: false,
      terms: [],
      excludedBy: ['招聘'],
    });
  });

  it('matches a quoted phrase only as a whole, spaces included', () => {
    expect(match('"滇池 管理局" 污染', '滇池 管理局回应污染问题').matched).toBe(true);
    expect(match('"滇池 管理局" 污染', '滇池周边污染,管理局回应').matched).toBe(false);
    expect(match(rule, '滇池管理局被指欠薪').terms).toEqual(['滇池管理局', '欠薪']);
  });

  it('nests groups and honours precedence: NOT before AND before OR', () => {
    const nested = '西山区 (污染 OR (拆迁 NOT 补偿到位)) OR 官渡区 欠薪';
    expect(match(nested, '西山区拆迁,补偿到位,群众满意').matched).toBe(false);
    expect(match(nested, '西山区拆迁无人补偿').matched).toBe(true);
    expect(match(nested, '官渡区工地欠薪').matched).toBe(true);
    expect(match(nested, '官渡区污染').matched).toBe(false);
  });

  it('accepts Chinese and symbolic operators and full-width parentheses', () => {
    const chinese = '（西山区 或 官渡区） 且 污染 非 广告';
    expect(match(chinese, '官渡区河道污染').matched).toBe(true);
    expect(match('西山区 & 污染 | 官渡区 & 欠薪 -广告', '官渡区欠薪').matched).toBe(true);
    expect(match('西山区 & 污染 -广告', '西山区污染治理广告').matched).toBe(false);
  });

  it('keeps a hyphen inside a word and ignores case and full-width letters for Latin terms', () => {
    expect(match('COVID-19 西山区', '西山区 covid-19 疫情通报').matched).toBe(true);
    expect(match('PX项目', '关于ＰＸ项目的传言').matched).toBe(true);
  });

  it.each([
    ['西山区 AND (污染', 'unclosed group', 8, '('],
    ['西山区 污染)', 'unexpected closing parenthesis', 6, ')'],
    ['西山区 AND', 'rule ends where a term was expected', 7, ''],
    ['OR 污染', 'OR needs a term before it', 0, 'OR'],
    ['西山区 NOT', 'NOT needs a term or a group after it', 4, 'NOT'],
    ['"西山区 污染', 'unclosed quote', 0, '"西山区 污染'],
    ['西山区 ()', 'empty group', 4, '()'],
    ['NOT 广告', 'a rule needs at least one term that must appear, not only exclusions', 0, ''],
    ['   ', 'rule is empty', 0, ''],
  ])('refuses %j with a reason that points at the bad token', (source, reason, position, token) => {
    try {
      parseKeywordExpression(source);
      throw new Error('expected a syntax error');
    } catch (error) {
      expect(error).toBeInstanceOf(RuleSyntaxError);
      expect(error).toMatchObject({ reason, position, token });
    }
  });

  it('bounds the size of a rule', () => {
    expect(() => parseKeywordExpression('西山区 '.repeat(600))).toThrow(RuleSyntaxError);
    expect(() => parseKeywordExpression('('.repeat(30) + '西山区' + ')'.repeat(30))).toThrow(
      /nested deeper than 20/,
    );
  });
});
