import { describe, expect, it } from '@jest/globals';
import { formatRemaining, safeHref } from './format';
import { beijing, fromBeijingInput } from './time';
import { gradeLabel } from './terms';

describe('countdowns', () => {
  it('reads mm:ss under an hour, so the 30-minute phone flash shows its minutes and seconds', () => {
    expect(formatRemaining(29 * 60 + 59)).toBe('29:59');
    expect(formatRemaining(59)).toBe('00:59');
  });

  it('reads hours and minutes above an hour, days beyond two days, and the overdue time unsigned', () => {
    expect(formatRemaining(3600)).toBe('1 小时 00 分');
    expect(formatRemaining(3 * 86400 + 7200)).toBe('3 天 2 小时');
    expect(formatRemaining(-125)).toBe('02:05');
  });
});

describe('captured addresses', () => {
  it('links only http and https addresses', () => {
    expect(safeHref('https://news.example.cn/a?b=1')).toBe('https://news.example.cn/a?b=1');
    expect(safeHref('http://example.cn')).toBe('http://example.cn/');
  });

  it('leaves javascript:, data: and unparsable addresses inert', () => {
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('JAVASCRIPT:alert(1)')).toBeUndefined();
    expect(safeHref('data:text/html,<script>alert(1)</script>')).toBeUndefined();
    expect(safeHref('/relative/path')).toBeUndefined();
    expect(safeHref(null)).toBeUndefined();
  });
});

describe('Beijing time and grades', () => {
  it('shows instants in Beijing time whatever the zone they come in', () => {
    expect(beijing('2026-12-07T06:30:00Z')).toBe('2026-12-07 14:30:00');
    expect(beijing('2026-12-07T23:30:00+08:00', 'MM-DD HH:mm')).toBe('12-07 23:30');
    expect(beijing(null)).toBe('—');
  });

  it('reads a datetime input as Beijing time', () => {
    expect(Date.parse(fromBeijingInput('2026-10-01T08:00'))).toBe(Date.parse('2026-10-01T00:00:00Z'));
  });

  it('names grades as the work plans do', () => {
    expect(gradeLabel({ level: 'level-1', exceptional: false })).toBe('一级');
    expect(gradeLabel({ level: 'level-1', exceptional: true })).toBe('一级（特别重大）');
    expect(gradeLabel(null)).toBe('未定级');
  });
});
