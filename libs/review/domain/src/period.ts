// Review periods (考评周期) are calendar quarters and years in China Standard Time (UTC+8, no daylight saving):
// the office's year, not UTC's, decides which quarter an act falls in.

const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The quarter (`2026-Q4`) an instant falls in, in China Standard Time. */
export function quarterOf(at: Date | string): string {
  const cst = new Date(new Date(at).getTime() + CST_OFFSET_MS);
  return `${cst.getUTCFullYear()}-Q${Math.floor(cst.getUTCMonth() / 3) + 1}`;
}

/** Whether a finding of quarter `quarter` belongs to `period` (the quarter itself, or its year). */
export function inPeriod(quarter: string, period: string): boolean {
  return period.includes('-Q') ? quarter === period : quarter.startsWith(`${period}-`);
}

/** The period's bounds as instants: [from, to). */
export function periodBounds(period: string): { from: Date; to: Date } {
  const year = Number(period.slice(0, 4));
  const quarter = period.includes('-Q') ? Number(period.slice(-1)) : undefined;
  const startMonth = quarter ? (quarter - 1) * 3 : 0;
  const months = quarter ? 3 : 12;
  const from = Date.UTC(year, startMonth, 1) - CST_OFFSET_MS;
  const to = Date.UTC(year, startMonth + months, 1) - CST_OFFSET_MS;
  return { from: new Date(from), to: new Date(to) };
}

/** 2026年第四季度 / 2026年度. */
export function periodName(period: string): string {
  const year = period.slice(0, 4);
  if (!period.includes('-Q')) return `${year}年度`;
  return `${year}年第${['一', '二', '三', '四'][Number(period.slice(-1)) - 1]}季度`;
}
