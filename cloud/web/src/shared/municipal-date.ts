/** The municipality's zone: every screen shows and picks dates and times in it (night-watch shifts, day plans, dates). */
export const MUNICIPAL_ZONE = 'Europe/Copenhagen';

/**
 * The calendar date (YYYY-MM-DD) of `at` in municipal time, not in the browser's zone: a laptop or a CI
 * browser set to UTC is still on yesterday between 00:00 and 01:00 (02:00 in summer) in Copenhagen, and the
 * planning screen opened on the wrong day. The routes take municipal dates.
 */
export function municipalDate(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: MUNICIPAL_ZONE,
  }).formatToParts(at);
  const part = (type: 'year' | 'month' | 'day') => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * The calendar date `days` after `date` (both YYYY-MM-DD), counted on the calendar alone. Counted through the
 * browser's local noon and read back in UTC, a browser 12 hours or more ahead of UTC (Kiritimati, Auckland in
 * summer) was already on the day before, and the planning form's default last date came out one day short.
 */
export function plusCalendarDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}
