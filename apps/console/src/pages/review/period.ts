import { BEIJING, dayjs } from '../../components/time';

// Review periods (考评周期) as the service speaks them: a quarter `2026-Q4` or a year `2026`, in Beijing time.

/** The quarter `at` falls in, in Beijing time. */
export function quarterOf(at: Date): string {
  const day = dayjs(at).tz(BEIJING);
  return `${day.year()}-Q${Math.floor(day.month() / 3) + 1}`;
}

/** `2026-Q4` → 2026年第四季度; `2026` → 2026年度; anything else as it is. */
export function periodLabel(period: string): string {
  const match = /^(\d{4})(?:-Q([1-4]))?$/.exec(period);
  if (!match) return period;
  const [, year, quarter] = match;
  return quarter ? `${year}年第${'一二三四'[Number(quarter) - 1]}季度` : `${year}年度`;
}

/** The periods offered: this quarter and the seven before it, then this year and the last. */
export function recentPeriods(now: Date, quarters = 8): string[] {
  const current = quarterOf(now);
  const year = Number(current.slice(0, 4));
  const quarter = Number(current.slice(-1));
  const list: string[] = [];
  for (let i = 0; i < quarters; i++) {
    const index = year * 4 + (quarter - 1) - i;
    list.push(`${Math.floor(index / 4)}-Q${(index % 4) + 1}`);
  }
  return [...list, String(year), String(year - 1)];
}

export const periodOptions = (now: Date): { value: string; label: string }[] =>
  recentPeriods(now).map((value) => ({ value, label: periodLabel(value) }));
