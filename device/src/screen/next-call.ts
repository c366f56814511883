/**
 * "Du kan ringe igen i morgen kl. 8.00." on the kiosk: when a resident refused the night watch outside her hours
 * (call.refused `outside_time_window`, `nextAllowedAt`) may call again. The same sentences as her own phone's page
 * says for the same refusal (cloud/web/src/shared/call/call-strings.ts `refused.again.*`), so the guide's words
 * hold on both. The day is the kiosk's calendar day (Europe/Copenhagen), read with Intl, never computed by hand:
 * "i dag" and "i morgen" are right at 00.20 and across a change to or from summer time.
 */

/** Which words say the day: today, tomorrow, a weekday within the week, else the date. */
export type NextCallDay = 'today' | 'tomorrow' | 'weekday' | 'date';

const SENTENCE: Record<NextCallDay, (p: { time: string; weekday: string; date: string }) => string> = {
  today: (p) => `Du kan ringe igen i dag kl. ${p.time}.`,
  tomorrow: (p) => `Du kan ringe igen i morgen kl. ${p.time}.`,
  weekday: (p) => `Du kan ringe igen på ${p.weekday} kl. ${p.time}.`,
  date: (p) => `Du kan ringe igen den ${p.date} kl. ${p.time}.`,
};

const zoned = (timeZone: string | undefined) => (timeZone ? { timeZone } : {});

/** The calendar date of an instant in the zone, as YYYY-MM-DD (en-CA writes dates that way). */
function calendarDate(at: number, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...zoned(timeZone),
  }).format(at);
}

/** A calendar date `days` later: date arithmetic on a plain date (noon UTC), no zone involved. */
function plusDays(date: string, days: number): string {
  const noon = Date.parse(`${date}T12:00:00Z`) + days * 86_400_000;
  return new Date(noon).toISOString().slice(0, 10);
}

export function nextCallDay(at: number, now: number, timeZone: string | undefined): NextCallDay | null {
  if (!Number.isFinite(at) || at <= now) return null;
  const day = calendarDate(at, timeZone);
  const today = calendarDate(now, timeZone);
  if (day === today) return 'today';
  if (day === plusDays(today, 1)) return 'tomorrow';
  return [2, 3, 4, 5, 6].some((n) => plusDays(today, n) === day) ? 'weekday' : 'date';
}

/**
 * The sentence, or null for a time already passed (a late message, a clock that jumped), of which nothing is
 * said: "Du kan ringe igen i dag kl. 22.00." at 22.05 would send her to a time that is gone.
 */
export function nextCallSentence(at: number, now: number, timeZone: string | undefined): string | null {
  const day = nextCallDay(at, now, timeZone);
  if (!day) return null;
  const format = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('da-DK', { ...options, ...zoned(timeZone) }).format(at);
  return SENTENCE[day]({
    time: format({ hour: 'numeric', minute: '2-digit' }),
    weekday: format({ weekday: 'long' }),
    date: format({ day: 'numeric', month: 'long' }),
  });
}
