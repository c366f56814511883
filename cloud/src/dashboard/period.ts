import { DateTime } from 'luxon';
import { localDate } from '../care/index.js';

/** Without `to`, the period ends today and starts this many days earlier (the page's first view). */
const DEFAULT_DAYS = 70;

/**
 * "Today" is the municipality's date, not a UTC date: between midnight and 01:00 (02:00 in summer) it is already
 * the next day in Copenhagen while UTC still has the day before, and the page's period, which ended on the UTC
 * date, left out the visits of the day that had just begun ("Der er ingen tal i perioden" on a new team's first
 * day). Used by: dashboardFor.
 */
export function periodOf(
  asked: { from?: string | undefined; to?: string | undefined },
  timeZone: string,
  now: number,
): { from: string; to: string } {
  const to = asked.to ?? localDate(new Date(now), timeZone);
  const from = asked.from ?? DateTime.fromISO(to).minus({ days: DEFAULT_DAYS }).toISODate()!;
  return { from, to };
}
