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
