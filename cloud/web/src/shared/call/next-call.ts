import type { Language } from '../i18n.js';
import type { Translate } from '../i18n-context.js';
import { MUNICIPAL_ZONE, municipalDate, plusCalendarDays } from '../municipal-date.js';

/** Which words say when she can call again: the day as Copenhagen's calendar has it. */
export type NextCallDay = 'today' | 'tomorrow' | 'weekday' | 'date';

/**
 * The day `nextAllowedAt` (`call.refused` after "uden for det aftalte tidsrum") falls on, from the municipality's
 * calendar, not the browser's: "i dag" and "i morgen" are Copenhagen's days, so a phone set to another zone, or
 * a call at 00.20, still reads right. Within the week the weekday ("på mandag"), beyond it the date. null: no
 * time, or one already passed (a late message), about which nothing is said.
 */
export function nextCallDay(nextAllowedAt: string, now: Date): NextCallDay | null {
  const at = new Date(nextAllowedAt);
  if (Number.isNaN(at.getTime()) || at.getTime() <= now.getTime()) return null;
  const day = municipalDate(at);
  const today = municipalDate(now);
  if (day === today) return 'today';
  if (day === plusCalendarDays(today, 1)) return 'tomorrow';
  return [2, 3, 4, 5, 6].some((n) => plusCalendarDays(today, n) === day) ? 'weekday' : 'date';
}

/**
 * "Du kan ringe igen i morgen kl. 8.00." in the page's language, put into words when shown (so it follows a
 * change of language). The time is the municipality's, which a citizen's own device nearly always shares; where
 * the browser's zone differs, `zoneNote` ("(dansk tid)") follows it.
 */
export function nextCallText(
  nextAllowedAt: string,
  now: Date,
  t: Translate,
  language: Language,
  zoneNote = '',
): string | null {
  const day = nextCallDay(nextAllowedAt, now);
  if (!day) return null;
  const locale = language === 'da' ? 'da-DK' : 'en-GB';
  const at = new Date(nextAllowedAt);
  const time = at.toLocaleTimeString(locale, {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: MUNICIPAL_ZONE,
  });
  const weekday = at.toLocaleDateString(locale, { weekday: 'long', timeZone: MUNICIPAL_ZONE });
  const date = at.toLocaleDateString(locale, { day: 'numeric', month: 'long', timeZone: MUNICIPAL_ZONE });
  return t(`refused.again.${day}`, { time, weekday, date, zone: zoneNote ? ` ${zoneNote}` : '' });
}
