import { describe, expect, it } from '@jest/globals';
import { answersFor, mayRuleOn, outermostUnits } from './authority';
import { periodLabel, quarterOf, recentPeriods } from './period';

describe('review periods (考评周期)', () => {
  it('puts an instant in its quarter by Beijing time, not the browser’s zone', () => {
    // 2026-12-31 16:30 UTC is already 1 January 2027 in Beijing.
    expect(quarterOf(new Date('2026-12-31T16:30:00Z'))).toBe('2027-Q1');
    expect(quarterOf(new Date('2026-09-30T15:59:00Z'))).toBe('2026-Q3');
  });

  it('names quarters and years in Chinese', () => {
    expect(periodLabel('2026-Q4')).toBe('2026年第四季度');
    expect(periodLabel('2026')).toBe('2026年度');
  });

  it('offers this quarter first, then earlier ones across the year’s turn, then the years', () => {
    expect(recentPeriods(new Date('2027-02-01T00:00:00Z'), 3)).toEqual([
      '2027-Q1',
      '2026-Q4',
      '2026-Q3',
      '2027',
      '2026',
    ]);
  });
});

describe('who may act on a finding (第二十九条)', () => {
  const grant = (orgUnit: string) => ({ grantId: orgUnit, role: 'internet-office', orgUnit });

  it('offers rulings to a unit above the department only, never to the unit itself', () => {
    expect(mayRuleOn([grant('cn.yn.km')], 'cn.yn.km.yl')).toBe(true);
    expect(mayRuleOn([grant('cn.yn.km.yl')], 'cn.yn.km.yl')).toBe(false);
    // A sibling whose path merely starts alike is not above.
    expect(mayRuleOn([grant('cn.yn.km.y')], 'cn.yn.km.yl')).toBe(false);
  });

  it('offers explanations and appeals to the department itself only', () => {
    expect(answersFor([grant('cn.yn.km.yl')], 'cn.yn.km.yl')).toBe(true);
    expect(answersFor([grant('cn.yn.km')], 'cn.yn.km.yl')).toBe(false);
  });

  it('rates from the outermost units a person holds', () => {
    expect(outermostUnits([grant('cn.yn.km.yl'), grant('cn.yn.km'), grant('cn.yn.qj')])).toEqual([
      'cn.yn.km',
      'cn.yn.qj',
    ]);
  });
});
