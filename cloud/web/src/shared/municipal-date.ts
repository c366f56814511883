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

/** How far municipal wall time is ahead of UTC at the instant `ms` (one or two hours in Copenhagen). */
function municipalOffsetMs(ms: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: MUNICIPAL_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - (ms - (ms % 1000));
}

/**
 * The instant a municipal date (YYYY-MM-DD) and clock time (HH:MM) name, whatever the browser's zone: what a
 * support worker types as "til 8. december kl. 08.00" is Copenhagen time, and a route that takes an instant
 * (do not disturb) must get that moment, not 08:00 in the laptop's zone. The offset is read at the instant
 * itself (guessed once, then corrected), so a date across a summer-time change gets its own offset. A time the
 * clocks skip (02:30 on the last Sunday of March) comes out an hour later, as the clocks show it.
 */
export function municipalInstant(date: string, time: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const guess = wall - municipalOffsetMs(wall);
  return new Date(wall - municipalOffsetMs(guess));
}

/** Intl options for a municipal date or time; the zone is always the municipality's, so the caller cannot set it. */
export type MunicipalFormat = Omit<Intl.DateTimeFormatOptions, 'timeZone'>;

/** Options that put a time of day on the screen: only those get the zone said next to them. */
const TIME_OF_DAY = ['hour', 'minute', 'second', 'fractionalSecondDigits', 'dayPeriod', 'timeStyle'] as const;

export function showsTimeOfDay(options: MunicipalFormat): boolean {
  return TIME_OF_DAY.some((key) => options[key] !== undefined);
}

/** The zone this browser runs in (a shared device or a laptop may be set to UTC). */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * Weekday, date and time ("søn. 6. dec., 00.30"): for a moment that may lie days back in a list read at night,
 * where a weekday or a time alone would read as tonight (missed calls, a duty never ended).
 */
export const WEEKDAY_DATE_TIME = {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
} as const satisfies MunicipalFormat;

/** Whether times shown in municipal time need the zone said on this browser (its zone is not the municipality's). */
export function zoneDiffers(zone: string = browserZone()): boolean {
  return zone !== MUNICIPAL_ZONE;
}

/**
 * `at` in municipal time, in the page's language, with " (dansk tid)" / " (Danish time)" (`zoneNote`) after it
 * when it shows a time of day and the browser's zone is not the municipality's. Every screen formats its dates
 * through this: formatted in the browser's zone, a support worker on a laptop set to UTC read a screen last seen
 * at 00:30 on Sunday in Copenhagen as "5.12.2026 23.30", and an activation code's expiry an hour early. A date
 * alone gets no note: it is the municipal date, and "(dansk tid)" beside "5. december 2026" says nothing. An
 * empty `zoneNote` leaves the note off (one note after a span covers both of its times).
 */
export function formatMunicipal(
  at: Date | string,
  language: 'da' | 'en',
  options: MunicipalFormat,
  zoneNote: string,
  zone: string = browserZone(),
): string {
  const text = new Date(at).toLocaleString(language === 'da' ? 'da-DK' : 'en-GB', {
    ...options,
    timeZone: MUNICIPAL_ZONE,
  });
  return zoneNote && showsTimeOfDay(options) && zoneDiffers(zone) ? `${text} ${zoneNote}` : text;
}

/** A municipal clock time as the cloud sends it in a day plan or planning list ("13:00", 24-hour, zero-padded). */
const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * A municipal clock time ("13:00", already in municipal time: the day plan's `localTime`) in the page's
 * language, by the same Intl rules as formatMunicipal: "13.00" in Danish, "13:00" in English. Shown as sent,
 * the day plan and the planning list read "13:00" beside "kl. 13.00" everywhere else in the product (Danish
 * writes a point, Retskrivningsordbogen §12; Intl da-DK gives the same). No zone note: ZoneHint says it once
 * above the list. Anything that is not HH:MM is returned unchanged rather than shown as a wrong time.
 */
export function formatClockTime(clock: string, language: 'da' | 'en'): string {
  const match = CLOCK_TIME.exec(clock);
  if (!match) return clock;
  // A wall-clock time has no date or zone: read it as that time in UTC and format it in UTC, so the zone of
  // neither the browser nor the municipality (a summer-time jump) can move it.
  return new Date(Date.UTC(2000, 0, 1, Number(match[1]), Number(match[2]))).toLocaleTimeString(
    language === 'da' ? 'da-DK' : 'en-GB',
    { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' },
  );
}
