import { DateTime } from 'luxon';
import { z } from 'zod';

/**
 * Wall-clock windows in a municipality's IANA zone. Instants are converted to local wall time with luxon, so
 * "07:00–22:00" means 07:00–22:00 on the clock on the wall on both sides of a DST change (Europe/Copenhagen:
 * last Sunday of March 02:00→03:00, last Sunday of October 03:00→02:00).
 */
export const HHMM = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'use HH:mm, e.g. 07:00');

/** ISO weekday: 1 = Monday … 7 = Sunday (ISO 8601, luxon's `weekday`). */
export const IsoWeekday = z.number().int().min(1).max(7);

/**
 * `from` < `to`: that part of each listed day. `from` > `to`: spans midnight, and the part after midnight
 * belongs to the listed day it started on (Friday 22:00–07:00 covers Saturday 03:00).
 */
export const TimeWindow = z
  .object({
    days: z.array(IsoWeekday).min(1).max(7),
    from: HHMM,
    to: HHMM,
  })
  .strict()
  .refine((w) => w.from !== w.to, { message: 'from and to must differ', path: ['to'] })
  .refine((w) => w.from !== '24:00', { message: 'from cannot be 24:00', path: ['from'] });
export type TimeWindow = z.infer<typeof TimeWindow>;

/** null = always. An empty list is refused: "never" is expressed by revoking the permission. */
export const TimeWindows = z.array(TimeWindow).min(1).max(20).nullable();
export type TimeWindows = z.infer<typeof TimeWindows>;

export const WEEKDAYS: readonly number[] = [1, 2, 3, 4, 5];

export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

export interface LocalMoment {
  /** ISO weekday 1–7. */
  weekday: number;
  /** Minutes since local midnight, 0–1439. */
  minute: number;
}

export function localMoment(at: Date, timeZone: string): LocalMoment {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`unknown time zone ${timeZone}`);
  return { weekday: local.weekday, minute: local.hour * 60 + local.minute };
}

const previousDay = (weekday: number) => (weekday === 1 ? 7 : weekday - 1);

export function isWithinWindow(window: TimeWindow, moment: LocalMoment): boolean {
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  if (from < to) return window.days.includes(moment.weekday) && moment.minute >= from && moment.minute < to;
  return (
    (window.days.includes(moment.weekday) && moment.minute >= from) ||
    (window.days.includes(previousDay(moment.weekday)) && moment.minute < to)
  );
}

export function isWithinWindows(windows: TimeWindows, at: Date, timeZone: string): boolean {
  if (windows === null) return true;
  const moment = localMoment(at, timeZone);
  return windows.some((w) => isWithinWindow(w, moment));
}

/**
 * The first instant after `at` at which one of `windows` opens, in wall-clock time of `timeZone`: what a caller
 * refused as "uden for tidsrum" is told ("Du kan ringe igen i morgen kl. 8.00"). Every window opens at least
 * once a week, so eight local days ahead always hold the answer. A start the spring-forward gap skips (02:30 on
 * the last Sunday of March) is where luxon puts it, an hour later, as the clocks show it. null = always open.
 */
export function nextWindowStart(windows: TimeWindows, at: Date, timeZone: string): Date | null {
  if (windows === null) return null;
  const today = DateTime.fromJSDate(at, { zone: timeZone }).startOf('day');
  let best: Date | null = null;
  for (let offset = 0; offset <= 7; offset++) {
    const day = today.plus({ days: offset });
    for (const w of windows) {
      if (!w.days.includes(day.weekday)) continue;
      const minute = minutesOf(w.from);
      const start = day.set({ hour: Math.floor(minute / 60), minute: minute % 60 }).toJSDate();
      if (start.getTime() > at.getTime() && (best === null || start.getTime() < best.getTime())) best = start;
    }
    if (best) return best;
  }
  return best;
}

/** A daily span (quiet hours): same rule as a window on every day of the week. */
export const DailySpan = z
  .object({ from: HHMM, to: HHMM })
  .strict()
  .refine((s) => s.from !== s.to && s.from !== '24:00', { message: 'from and to must differ' });
export type DailySpan = z.infer<typeof DailySpan>;

export function isWithinDailySpan(span: DailySpan, at: Date, timeZone: string): boolean {
  return isWithinWindow({ days: [1, 2, 3, 4, 5, 6, 7], ...span }, localMoment(at, timeZone));
}

export type LocalTimeProblem = 'invalid' | 'nonexistent';

/**
 * A local date and time in `timeZone` as an instant. A time skipped by the spring-forward gap (02:30 on the
 * last Sunday of March in Copenhagen) does not exist and is reported, not silently moved. A time that occurs
 * twice in October resolves to the FIRST occurrence (summer time), which luxon does by default.
 */
export function localToInstant(
  date: string,
  time: string,
  timeZone: string,
): { ok: true; at: Date } | { ok: false; problem: LocalTimeProblem } {
  const local = DateTime.fromISO(`${date}T${time === '24:00' ? '00:00' : time}`, { zone: timeZone });
  if (!local.isValid) return { ok: false, problem: 'invalid' };
  const shifted = time === '24:00' ? local.plus({ days: 1 }) : local;
  if (time !== '24:00' && shifted.toFormat('HH:mm') !== time) return { ok: false, problem: 'nonexistent' };
  return { ok: true, at: shifted.toJSDate() };
}

/** The local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toISODate()!;
}

/** [start, end) of a local calendar day as instants: 23 or 25 hours long on DST days. */
export function localDayBounds(date: string, timeZone: string): { start: Date; end: Date } {
  const start = DateTime.fromISO(date, { zone: timeZone }).startOf('day');
  return { start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() };
}
