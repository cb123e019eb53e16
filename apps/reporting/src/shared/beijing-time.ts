// Offices count days, weeks and years in Beijing time (UTC+8, no daylight saving); instants are stored in UTC.
const DAY = 86_400_000;
const OFFSET = 8 * 3_600_000;

/** The date in Beijing of an instant: YYYY-MM-DD. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + OFFSET).toISOString().slice(0, 10);
}

/** The year in Beijing of an instant. */
export function beijingYear(at: Date): number {
  return new Date(at.getTime() + OFFSET).getUTCFullYear();
}

/** The Monday (in Beijing) of the week of an instant: YYYY-MM-DD. */
export function mondayOf(at: Date): string {
  const local = new Date(at.getTime() + OFFSET);
  const sinceMonday = (local.getUTCDay() + 6) % 7;
  return new Date(local.getTime() - sinceMonday * DAY).toISOString().slice(0, 10);
}
