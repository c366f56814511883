/**
 * The week's number as people say it ("uge 48"), from the API's ISO week ("2026-W48"). The cards read
 * "Aktive borgere i uge 2026-W48" while the chart under them says "uge 48" (seen walking as mette.larsen).
 * Anything that is not an ISO week is shown as it came.
 */
export function weekNumber(isoWeek: string): string {
  const match = /^\d{4}-W(\d{2})$/.exec(isoWeek);
  return match ? String(Number(match[1])) : isoWeek;
}
