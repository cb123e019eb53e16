import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import 'dayjs/locale/zh-cn';

// Every time is shown in Beijing time, whatever the browser's zone is.
dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

export const BEIJING = 'Asia/Shanghai';

/** 2026-12-07 14:30:05 (Beijing time); '—' when absent or not a time. */
export function beijing(value: string | null | undefined, format = 'YYYY-MM-DD HH:mm:ss'): string {
  if (!value) return '—';
  const time = dayjs(value);
  return time.isValid() ? time.tz(BEIJING).format(format) : '—';
}

/** A datetime-local input's value (read as Beijing time) as an ISO instant with its offset. */
export function fromBeijingInput(value: string): string {
  return dayjs.tz(value, BEIJING).format();
}

/** Now as an ISO instant with the Beijing offset. */
export const nowIso = (): string => dayjs().tz(BEIJING).format();

export { dayjs };
