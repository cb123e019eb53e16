import {
  GRADE_LEVELS,
  PLATFORMS,
  REPORT_KINDS,
  STANDARD_CATEGORIES,
  type Category,
  type Grade,
  type Platform,
  type ReportKind,
} from '@yuqing/contracts';

// How documents write dates, grades and vocabularies. Times are stored in UTC and shown in Asia/Shanghai, as the
// console shows them; dates use Arabic numerals as GB/T 9704-2012 asks (2026年11月25日).

export const DOCUMENT_TIME_ZONE = 'Asia/Shanghai';

const PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: DOCUMENT_TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

interface WallClock {
  readonly year: string;
  readonly month: string;
  readonly day: string;
  readonly hour: string;
  readonly minute: string;
}

function wallClock(at: Date): WallClock {
  const parts: Record<string, string> = {};
  for (const p of PARTS.formatToParts(at)) parts[p.type] = p.value;
  return {
    year: parts['year'] ?? '',
    month: parts['month'] ?? '',
    day: parts['day'] ?? '',
    hour: parts['hour'] ?? '',
    minute: parts['minute'] ?? '',
  };
}

/** 2026年11月25日 */
export function formatDate(at: Date): string {
  const c = wallClock(at);
  return `${c.year}年${c.month}月${c.day}日`;
}

/** 2026年11月25日 10:30 */
export function formatDateTime(at: Date): string {
  const c = wallClock(at);
  return `${c.year}年${c.month}月${c.day}日 ${c.hour}:${c.minute}`;
}

/** 11月25日10:30 — the compact form an SMS uses. */
export function formatShortDateTime(at: Date): string {
  const c = wallClock(at);
  return `${c.month}月${c.day}日${c.hour}:${c.minute}`;
}

/** 11月25日 */
export function formatMonthDay(at: Date): string {
  const c = wallClock(at);
  return `${c.month}月${c.day}日`;
}

/** Issue number in the official form: 〔2026〕第12期 (GB/T 9704 uses 六角括号 around the year). */
export function formatIssueNumber(year: number, sequence: number): string {
  return `〔${year}〕第${sequence}期`;
}

/** ASCII parentheses in the vocabulary become full-width ones in Chinese running text. */
function fullWidthParens(text: string): string {
  return text.replace(/\s*\(/g, '（').replace(/\)/g, '）');
}

/** 特别重大 / 一级（重大） / … */
export function gradeLabel(grade: Grade | undefined): string {
  if (!grade) return '未定级';
  if (grade.exceptional) return '特别重大';
  return fullWidthParens(GRADE_LEVELS[grade.level].zh);
}

/** The short grade: 一级, 二级, 三级, 特别重大, 未定级. */
export function gradeShortLabel(grade: Grade | undefined): string {
  if (!grade) return '未定级';
  if (grade.exceptional) return '特别重大';
  return GRADE_LEVELS[grade.level].zh.replace(/\s*\(.*$/, '');
}

/** A category's Chinese name; a deployment's `custom:` category uses the label it was given, else its slug. */
export function categoryLabel(code: Category, custom: Readonly<Record<string, string>> = {}): string {
  if (code in STANDARD_CATEGORIES) return STANDARD_CATEGORIES[code as keyof typeof STANDARD_CATEGORIES].zh;
  return custom[code] ?? code.slice('custom:'.length);
}

export function platformLabel(platform: Platform): string {
  return PLATFORMS[platform].zh;
}

export function reportKindLabel(kind: ReportKind): string {
  return fullWidthParens(REPORT_KINDS[kind].zh);
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十: enough for heading numbers (一、二、…). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return DIGITS[n] ?? String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}

/** 12345 → 1.2万, as Chinese reports write engagement counts. */
export function formatCount(n: number): string {
  if (n >= 100_000_000) return `${trimZero((n / 100_000_000).toFixed(1))}亿`;
  if (n >= 10_000) return `${trimZero((n / 10_000).toFixed(1))}万`;
  return String(n);
}

function trimZero(s: string): string {
  return s.endsWith('.0') ? s.slice(0, -2) : s;
}
