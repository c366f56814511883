import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isWeekComplete, monthEndingOn } from './calendar.js';

const ZONE = 'Europe/Copenhagen';
const today = (utc: string) => DateTime.fromISO(utc, { zone: ZONE }).toISODate()!;

describe('a dashboard week is complete', () => {
  it('not on its own Sunday, while that day is still running in Copenhagen', () => {
    // Sunday 6 December 2026 10:00 in Copenhagen; the default period ends today.
    const sunday = today('2026-12-06T09:00:00Z');
    expect(sunday).toBe('2026-12-06');
    expect(isWeekComplete('2026-W49', sunday, sunday, ZONE)).toBe(false);
    expect(isWeekComplete('2026-W48', sunday, sunday, ZONE)).toBe(true);
  });

  it('from Monday 00:00 in Copenhagen, while UTC still has Sunday', () => {
    // Monday 7 December 00:30 in Copenhagen is Sunday 23:30 UTC.
    const monday = today('2026-12-06T23:30:00Z');
    expect(monday).toBe('2026-12-07');
    expect(isWeekComplete('2026-W49', '2026-12-06', monday, ZONE)).toBe(true);
    expect(isWeekComplete('2026-W50', monday, monday, ZONE)).toBe(false);
  });

  it('when a past period ends on its Sunday, and not when the period ends before it', () => {
    expect(isWeekComplete('2026-W10', '2026-03-08', '2026-12-04', ZONE)).toBe(true);
    expect(isWeekComplete('2026-W10', '2026-03-07', '2026-12-04', ZONE)).toBe(false);
  });

  it('across the new year (week 53) and the October clock change', () => {
    // 2026-W53 runs Monday 28 December 2026 to Sunday 3 January 2027.
    expect(isWeekComplete('2026-W53', '2027-01-03', '2027-01-03', ZONE)).toBe(false);
    expect(isWeekComplete('2026-W53', '2027-01-03', '2027-01-04', ZONE)).toBe(true);
    // Sunday 25 October 2026 is the 25-hour day; 00:30 Monday in Copenhagen is 23:30 UTC Sunday.
    expect(isWeekComplete('2026-W43', '2026-10-25', today('2026-10-25T23:30:00Z'), ZONE)).toBe(true);
    expect(isWeekComplete('2026-W43', '2026-10-25', today('2026-10-25T22:30:00Z'), ZONE)).toBe(false);
  });
});

describe('the dashboard month', () => {
  it('is the 30 local days ending with `to`, named by its local first date', () => {
    const month = monthEndingOn('2026-12-05', ZONE);
    expect(month.from).toBe('2026-11-06');
    // Local midnight in Copenhagen (CET) is 23:00 UTC the day before.
    expect(month.start.toISOString()).toBe('2026-11-05T23:00:00.000Z');
  });

  it('starts at local midnight across the March clock change', () => {
    // 30 days ending 10 April 2026 begin on 12 March, still winter time (CET).
    const month = monthEndingOn('2026-04-10', ZONE);
    expect(month.from).toBe('2026-03-12');
    expect(month.start.toISOString()).toBe('2026-03-11T23:00:00.000Z');
  });
});
