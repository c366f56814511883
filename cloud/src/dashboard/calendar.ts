import { DateTime } from 'luxon';

/**
 * Whether an ISO week is over and wholly up to `to` (a local date): its Sunday is on or before `to` AND before
 * the municipality's today. The page's default period ends today, and on a Sunday the week's last day is
 * `to` while that day's visits are still to come: the running week was shown as the "latest whole week" with
 * Sunday's visits missing, and without "(i gang)" (dashboard.e2e failed every Sunday). Used by: loadDashboard.
 */
export function isWeekComplete(isoWeek: string, to: string, today: string, timeZone: string): boolean {
  const sunday = DateTime.fromISO(`${isoWeek}-7`, { zone: timeZone }).toISODate()!;
  return sunday <= to && sunday < today;
}

/**
 * "This month": the 30 local days ending with `to`, as the first local date and the instant it starts (local
 * midnight). 30 × 24 h back from the end of `to` is not local midnight when a clock change lies in between:
 * 30 days ending 10 April started at 23:00 on 11 March, so the month counted an hour of 11 March and was
 * named after it. (The name was first a UTC date, a day early in Copenhagen all year.) Used by: loadDashboard.
 */
export function monthEndingOn(to: string, timeZone: string): { from: string; start: Date } {
  const first = DateTime.fromISO(to, { zone: timeZone }).minus({ days: 29 });
  return { from: first.toISODate()!, start: first.startOf('day').toJSDate() };
}
