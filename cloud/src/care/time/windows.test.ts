import { describe, expect, it } from 'vitest';
import { isWithinDailySpan, nextWindowStart } from './windows.js';

const cph = 'Europe/Copenhagen';
// 2026-12-02 is winter time: Copenhagen is UTC+1.
const at = (day: string, utc: string) => new Date(`2026-12-${day}T${utc}:00Z`);

describe('a daily span (quiet hours) in the municipality’s zone', () => {
  it('holds across midnight on both sides of it, with the end excluded', () => {
    const night = { from: '22:00', to: '07:00' };
    expect(isWithinDailySpan(night, at('02', '21:00'), cph)).toBe(true); // 22:00 local, the start
    expect(isWithinDailySpan(night, at('02', '22:59'), cph)).toBe(true); // 23:59 local
    expect(isWithinDailySpan(night, at('02', '23:00'), cph)).toBe(true); // 00:00 local, the next day
    expect(isWithinDailySpan(night, at('03', '05:59'), cph)).toBe(true); // 06:59 local
    expect(isWithinDailySpan(night, at('03', '06:00'), cph)).toBe(false); // 07:00 local, the end
    expect(isWithinDailySpan(night, at('03', '12:00'), cph)).toBe(false); // 13:00 local
    expect(isWithinDailySpan(night, at('02', '20:59'), cph)).toBe(false); // 21:59 local
  });
});

describe('when the next window opens (what "uden for tidsrum" tells the caller)', () => {
  const weekdays = [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '16:00' }];

  it('is later today before the window, tomorrow after it, and Monday from Friday evening', () => {
    // Wednesday 2 December 2026, 06:30 local (05:30Z): today at 08:00 local, 07:00Z.
    expect(nextWindowStart(weekdays, at('02', '05:30'), cph)?.toISOString()).toBe('2026-12-02T07:00:00.000Z');
    // Wednesday 17:00 local: Thursday 08:00.
    expect(nextWindowStart(weekdays, at('02', '16:00'), cph)?.toISOString()).toBe('2026-12-03T07:00:00.000Z');
    // Friday 4 December 23:30 local: Monday 7 December 08:00.
    expect(nextWindowStart(weekdays, at('04', '22:30'), cph)?.toISOString()).toBe('2026-12-07T07:00:00.000Z');
  });

  it('counts in local time just after midnight, and picks the earliest of several windows', () => {
    // Thursday 3 December 00:20 local is still Wednesday 23:20Z: the window opens Thursday 08:00 local.
    const windows = [...weekdays, { days: [4], from: '06:00', to: '07:00' }];
    expect(nextWindowStart(windows, at('02', '23:20'), cph)?.toISOString()).toBe('2026-12-03T05:00:00.000Z');
  });

  it('crosses into summer time at the wall clock’s 08:00', () => {
    // Saturday 28 March 2026 12:00 local (11:00Z); summer time from Sunday 29 March: Monday 08:00 is 06:00Z.
    expect(nextWindowStart(weekdays, new Date('2026-03-28T11:00:00Z'), cph)?.toISOString()).toBe(
      '2026-03-30T06:00:00.000Z',
    );
  });

  it('has no next start when calls are always allowed', () => {
    expect(nextWindowStart(null, at('02', '05:30'), cph)).toBeNull();
  });
});
