import { formatMunicipal } from './municipal-date.js';

/** An ISO week as the API sends it ("2026-W48"). */
const ISO_WEEK = /^(\d{4})-W(\d{2})$/;

/**
 * The week's number as people say it ("uge 48"), from the API's ISO week ("2026-W48"). The cards read
 * "Aktive borgere i uge 2026-W48" while the chart under them says "uge 48" (seen walking as mette.larsen).
 * Anything that is not an ISO week is shown as it came.
 */
export function weekNumber(isoWeek: string): string {
  const match = ISO_WEEK.exec(isoWeek);
  return match ? String(Number(match[2])) : isoWeek;
}

const WEEK_WORD = { da: 'uge', en: 'week' } as const;

/**
 * A week in the page's language: "uge 46" / "week 46", with the ISO year after it ("uge 1 2027") when asked.
 * Support's Statistik table read "2026-W46" and the English dashboard chart "uge 46" (colleague's walk).
 */
export function formatWeek(isoWeek: string, language: 'da' | 'en', withYear = false): string {
  const match = ISO_WEEK.exec(isoWeek);
  if (!match) return isoWeek;
  const label = `${WEEK_WORD[language]} ${Number(match[2])}`;
  return withYear ? `${label} ${match[1]}` : label;
}

/**
 * How to label each week of one list: the year only when the list holds weeks of two years (or more), so
 * "uge 52 2026" and "uge 1 2027" do not read as going backwards, and a list within one year stays short.
 */
export function weekLabeller(
  isoWeeks: readonly string[],
  language: 'da' | 'en',
): (isoWeek: string) => string {
  const years = new Set(isoWeeks.flatMap((w) => ISO_WEEK.exec(w)?.[1] ?? []));
  const withYear = years.size > 1;
  return (isoWeek) => formatWeek(isoWeek, language, withYear);
}

/**
 * A calendar date (YYYY-MM-DD, a municipal date as the forms and routes take it) as the rest of the UI writes
 * a date: "16. nov. 2026" / "16 Nov 2026". Read at noon UTC, which is the same date in Copenhagen all year.
 */
export function formatCalendarDate(date: string, language: 'da' | 'en'): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  return formatMunicipal(
    `${date}T12:00:00Z`,
    language,
    { day: 'numeric', month: 'short', year: 'numeric' },
    '',
  );
}
