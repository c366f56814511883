import { type Clock, systemClock } from '@screenvisit/protocol';
import { DateTime } from 'luxon';
import { MUNICIPAL_ZONE } from '../../web/src/shared/municipal-date.js';

/** The zone the screens show "today" in (care's day plans, slots and weeks are dates there): the web's one. */
export { MUNICIPAL_ZONE };

/** A real-time clock that never leaves the municipal day it started on. */
export interface OneDayClock extends Clock {
  /** The municipal date (YYYY-MM-DD) this clock is held to: every now() falls on it. */
  readonly today: string;
}

/**
 * The test cloud's clock for suites that seed or plan on "today" and then read the cloud's today (day plan,
 * dashboard week): real time, read from one place, stopped at the last millisecond of the municipal day it
 * started on. A suite reads its dates from this clock (never from `new Date()` beside it), and the cloud reads
 * the same clock, so seed and server always name the same date. On two clocks, a run that passed Copenhagen
 * midnight between the seeding and the cloud's read (about one run in a thousand) found today's plan empty.
 * Until that last millisecond it is the system clock; after it the cloud's time stands still (timers stay
 * real), as the fake clocks in the other suites do, for the few minutes such a run has left.
 */
export function oneDayClock(
  options: {
    /** Where the clock starts (ms since epoch); default: now. */
    start?: number;
    /** The real time it runs on; default Date.now (a test of this clock passes its own). */
    realNow?: () => number;
    zone?: string;
    /**
     * The latest local time (HH:mm) it starts at on its day; started later, it starts at this time instead and
     * runs on from there. A suite that plans visits for late today (23.30) needs them still ahead of the
     * cloud's time, as the cloud refuses a visit planned in the past; run after 23.30 it failed.
     */
    latestStart?: string;
  } = {},
): OneDayClock {
  const realNow = options.realNow ?? Date.now;
  const startedAt = realNow();
  const zone = options.zone ?? MUNICIPAL_ZONE;
  let start = options.start ?? startedAt;
  if (options.latestStart) {
    const [hour, minute] = options.latestStart.split(':').map(Number) as [number, number];
    const latest = DateTime.fromMillis(start, { zone }).set({ hour, minute, second: 0, millisecond: 0 });
    start = Math.min(start, latest.toMillis());
  }
  const day = DateTime.fromMillis(start, { zone });
  // endOf('day') is the day's last millisecond in the zone, 23 or 25 hours on a summer-time change.
  const last = day.endOf('day').toMillis();
  return {
    today: day.toISODate()!,
    now: () => Math.min(start + (realNow() - startedAt), last),
    setTimeout: systemClock.setTimeout,
    clearTimeout: systemClock.clearTimeout,
  };
}
