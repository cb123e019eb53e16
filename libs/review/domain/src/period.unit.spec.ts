import { inPeriod, periodBounds, periodName, quarterOf } from './period';

// Review periods are quarters and years of China Standard Time (UTC+8): the office's calendar, not UTC's.

describe('quarterOf: the quarter an instant falls in, in China Standard Time', () => {
  it('puts 31 Dec 17:00Z (01:00 on 1 Jan in Beijing) in the next year’s first quarter', () => {
    expect(quarterOf('2026-12-31T17:00:00Z')).toBe('2027-Q1');
    expect(quarterOf(new Date('2026-12-31T17:00:00Z'))).toBe('2027-Q1');
  });

  it('turns over at 16:00Z, Beijing midnight, and not before', () => {
    expect(quarterOf('2026-12-31T15:59:59.999Z')).toBe('2026-Q4');
    expect(quarterOf('2026-12-31T16:00:00Z')).toBe('2027-Q1');
    expect(quarterOf('2026-03-31T15:59:59Z')).toBe('2026-Q1');
    expect(quarterOf('2026-03-31T16:00:00Z')).toBe('2026-Q2');
    expect(quarterOf('2026-09-30T16:00:00Z')).toBe('2026-Q4');
  });

  it('reads instants given with an offset as the same moment', () => {
    expect(quarterOf('2026-07-01T00:00:00+08:00')).toBe('2026-Q3');
    expect(quarterOf('2026-06-30T23:59:59+08:00')).toBe('2026-Q2');
  });
});

describe('periodBounds: a period as the instants [from, to)', () => {
  it('bounds a quarter by Beijing midnights', () => {
    expect(periodBounds('2026-Q4')).toEqual({
      from: new Date('2026-09-30T16:00:00Z'),
      to: new Date('2026-12-31T16:00:00Z'),
    });
    expect(periodBounds('2027-Q1')).toEqual({
      from: new Date('2026-12-31T16:00:00Z'),
      to: new Date('2027-03-31T16:00:00Z'),
    });
  });

  it('bounds a year likewise', () => {
    expect(periodBounds('2026')).toEqual({
      from: new Date('2025-12-31T16:00:00Z'),
      to: new Date('2026-12-31T16:00:00Z'),
    });
  });

  it('agrees with quarterOf at both ends', () => {
    for (const period of ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']) {
      const { from, to } = periodBounds(period);
      expect(quarterOf(from)).toBe(period);
      expect(quarterOf(new Date(to.getTime() - 1))).toBe(period);
      expect(quarterOf(to)).not.toBe(period);
    }
  });
});

describe('inPeriod: whether a finding’s quarter belongs to a period', () => {
  it('puts every quarter of a year in that year, and none of another', () => {
    for (const q of ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']) expect(inPeriod(q, '2026')).toBe(true);
    expect(inPeriod('2027-Q1', '2026')).toBe(false);
    expect(inPeriod('2025-Q4', '2026')).toBe(false);
  });

  it('puts a quarter only in itself among quarters', () => {
    expect(inPeriod('2026-Q4', '2026-Q4')).toBe(true);
    expect(inPeriod('2026-Q3', '2026-Q4')).toBe(false);
  });
});

describe('periodName', () => {
  it('names quarters and years as documents do', () => {
    expect(periodName('2026-Q4')).toBe('2026年第四季度');
    expect(periodName('2027-Q1')).toBe('2027年第一季度');
    expect(periodName('2026')).toBe('2026年度');
  });
});
