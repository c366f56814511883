import type { NightWatchWindow } from '@screenvisit/protocol';

/**
 * The hours the resident may call the night watch (`DeviceConfig.nightWatch.windows`, docs/protocol.md
 * "DeviceConfig"), read on the kiosk's wall clock as the cloud's permission check reads them in the
 * municipality's zone (cloud/src/care/time/windows.ts isWithinWindow): `from` is inside, `to` is not, and a
 * window whose `from` is after its `to` spans midnight, its part after midnight belonging to the listed day it
 * started on. Pure functions of an instant, so the lamp's tests drive them with a fake clock.
 */
export type NightWatchHours = readonly NightWatchWindow[];

/** Where an instant falls on the kiosk's wall clock. */
interface WallClock {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  /** Minutes since local midnight, 0–1439. */
  readonly minute: number;
  /** Local wall time minus UTC, in ms (+1 h in Copenhagen's winter, +2 h in its summer). */
  readonly offsetMs: number;
}

const WEEK_MINUTES = 7 * 1440;
const MINUTE_MS = 60_000;
const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      ...(timeZone ? { timeZone } : {}),
    });
    formats.set(key, format);
  }
  return format;
}

/** The zone's own rules through Intl, so DST needs no table of ours. */
function wallClock(epochMs: number, timeZone: string | undefined): WallClock {
  const parts = formatOf(timeZone).formatToParts(epochMs);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const day = Date.UTC(get('year'), get('month') - 1, get('day'));
  const wall = day + (get('hour') * 60 + get('minute')) * MINUTE_MS + get('second') * 1000;
  const weekday = new Date(day).getUTCDay();
  return {
    weekday: weekday === 0 ? 7 : weekday,
    minute: get('hour') * 60 + get('minute'),
    offsetMs: wall - (epochMs - (((epochMs % 1000) + 1000) % 1000)),
  };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const previousDay = (weekday: number) => (weekday === 1 ? 7 : weekday - 1);

function within(hours: NightWatchHours, weekday: number, minute: number): boolean {
  return hours.some((w) => {
    const from = minutesOf(w.from);
    const to = minutesOf(w.to);
    if (from < to) return w.days.includes(weekday) && minute >= from && minute < to;
    return (
      (w.days.includes(weekday) && minute >= from) || (w.days.includes(previousDay(weekday)) && minute < to)
    );
  });
}

/** Whether a press at `epochMs` falls inside one of the resident's night-watch hours. */
export function isCallableAt(hours: NightWatchHours, epochMs: number, timeZone?: string): boolean {
  const here = wallClock(epochMs, timeZone);
  return within(hours, here.weekday, here.minute);
}

/**
 * The next instant after `epochMs` at which isCallableAt changes, or null when it never does (no hours, or
 * every minute of the week). Never later than the true change, so a timer set for it cannot leave the lamp lit
 * past a window's end: the change is found on the wall clock's week, minute by minute (arithmetic, no clock
 * reads), and turned into an instant with the offset of now. If the zone's offset differs there, a DST change
 * lies between, and the answer is the change itself (found by halving), where the caller looks again with the
 * new offset: so a window starting at 02:30 on the night 02:00 jumps to 03:00 lights the lamp at 03:00, and one
 * ending at 07:00 puts it out at 07:00 on the new clock, not an hour late.
 */
export function nextChangeAt(hours: NightWatchHours, epochMs: number, timeZone?: string): number | null {
  if (hours.length === 0) return null;
  const here = wallClock(epochMs, timeZone);
  const now = within(hours, here.weekday, here.minute);
  const start = (here.weekday - 1) * 1440 + here.minute;
  let ahead = 0;
  for (let k = 1; k <= WEEK_MINUTES && ahead === 0; k++) {
    const m = (start + k) % WEEK_MINUTES;
    if (within(hours, Math.floor(m / 1440) + 1, m % 1440) !== now) ahead = k;
  }
  if (ahead === 0) return null;
  // The start of this wall-clock minute (zones' offsets are whole minutes, so it is one on UTC's clock too).
  const minuteStart = epochMs - ((((epochMs + here.offsetMs) % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
  const at = minuteStart + ahead * MINUTE_MS;
  if (wallClock(at, timeZone).offsetMs === here.offsetMs) return at;
  let lo = minuteStart;
  let hi = at;
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / MINUTE_MS / 2) * MINUTE_MS;
    if (wallClock(mid, timeZone).offsetMs === here.offsetMs) lo = mid;
    else hi = mid;
  }
  return hi;
}
