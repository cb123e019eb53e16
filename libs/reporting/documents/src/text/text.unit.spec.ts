import { cleanLine, cleanText, codePointLength, truncate } from './clean';
import {
  chineseNumeral,
  formatCount,
  formatDate,
  formatDateTime,
  formatIssueNumber,
  gradeLabel,
  gradeShortLabel,
} from './format';

describe('cleaning text from the internet', () => {
  it('drops control characters, bidi overrides and noncharacters, and collapses a line', () => {
    expect(cleanLine(' a\u0000b\u0007c\u001b[1m \u202Ed\u2066e\uFEFF\uFFFF\t\r\n  f ', 100)).toBe(
      'abc[1m de f',
    );
  });

  it('keeps paragraphs in free text, with at most one blank line between them', () => {
    expect(cleanText('第一段  \r\n\r\n\r\n\r\n第二段\u2028第三段', 100)).toBe('第一段\n\n第二段\n第三段');
  });

  it('replaces lone surrogates and keeps astral characters whole when cutting', () => {
    expect(cleanLine('a\uD800b', 10)).toBe('a\uFFFDb');
    const cut = truncate('𠮷'.repeat(10), 5);
    expect(cut).toBe('𠮷𠮷𠮷𠮷…');
    expect(codePointLength(cut)).toBe(5);
  });

  it('normalises to NFC', () => {
    expect(cleanLine('e\u0301', 10)).toBe('\u00e9');
  });
});

describe('formatting for documents', () => {
  it('shows times in Asia/Shanghai whatever the offset they came with', () => {
    expect(formatDateTime(new Date('2026-11-25T02:30:00Z'))).toBe('2026年11月25日 10:30');
    expect(formatDateTime(new Date('2026-11-25T10:30:00+08:00'))).toBe('2026年11月25日 10:30');
    expect(formatDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027年1月1日');
    expect(formatDateTime(new Date('2026-11-24T16:05:00Z'))).toBe('2026年11月25日 00:05');
  });

  it('writes issue numbers, grades, numerals and counts the Chinese way', () => {
    expect(formatIssueNumber(2026, 12)).toBe('〔2026〕第12期');
    expect(gradeLabel({ level: 'level-2', exceptional: false })).toBe('二级（严重）');
    expect(gradeLabel({ level: 'level-1', exceptional: true })).toBe('特别重大');
    expect(gradeShortLabel(undefined)).toBe('未定级');
    expect([1, 10, 12, 20, 21].map(chineseNumeral)).toEqual(['一', '十', '十二', '二十', '二十一']);
    expect([999, 12_345, 100_000, 230_000_000].map(formatCount)).toEqual(['999', '1.2万', '10万', '2.3亿']);
  });
});
