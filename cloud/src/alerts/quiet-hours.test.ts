import { describe, expect, it } from 'vitest';
import { inQuietHours } from './quiet-hours.js';

const cph = 'Europe/Copenhagen';
// 2026-12-02 is winter time: Copenhagen is UTC+1.
const at = (utc: string) => new Date(`2026-12-02T${utc}:00Z`);

describe('quiet hours for offline alerts', () => {
  it('holds across midnight, in the municipality’s own time zone', () => {
    const night = { start: '22:00', end: '07:00' };
    expect(inQuietHours(night, at('21:30'), cph)).toBe(true); // 22:30 local
    expect(inQuietHours(night, at('05:59'), cph)).toBe(true); // 06:59 local
    expect(inQuietHours(night, at('06:00'), cph)).toBe(false); // 07:00 local
    expect(inQuietHours(night, at('20:59'), cph)).toBe(false); // 21:59 local
  });
  it('holds within one day and is off without quiet hours', () => {
    expect(inQuietHours({ start: '12:00', end: '13:00' }, at('11:15'), cph)).toBe(true);
    expect(inQuietHours({ start: '12:00', end: '13:00' }, at('12:15'), cph)).toBe(false);
    expect(inQuietHours(null, at('11:15'), cph)).toBe(false);
    // Equal ends are no span (DailySpan refuses them), not all day.
    expect(inQuietHours({ start: '12:00', end: '12:00' }, at('11:15'), cph)).toBe(false);
  });
});
