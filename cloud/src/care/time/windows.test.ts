import { describe, expect, it } from 'vitest';
import { isWithinDailySpan } from './windows.js';

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
