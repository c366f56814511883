import { describe, expect, it } from 'vitest';
import { isQuietAt, localMinutes, QUIET_RING_VOLUME, quietPolicy } from './quiet-hours.js';

const CPH = 'Europe/Copenhagen';
const night = { start: '22:00', end: '07:00' };
const at = (iso: string) => Date.parse(iso);

describe('quiet hours on the kiosk', () => {
  it('reads the wall clock of the kiosk, not UTC', () => {
    expect(localMinutes(at('2026-01-15T21:30:00Z'), CPH)).toBe(22 * 60 + 30); // CET = UTC+1
    expect(localMinutes(at('2026-07-15T21:30:00Z'), CPH)).toBe(23 * 60 + 30); // CEST = UTC+2
  });

  it('is quiet from the start minute up to, not including, the end minute of a span that wraps midnight', () => {
    expect(isQuietAt(night, at('2026-01-15T20:59:00Z'), CPH)).toBe(false); // 21:59
    expect(isQuietAt(night, at('2026-01-15T21:00:00Z'), CPH)).toBe(true); // 22:00
    expect(isQuietAt(night, at('2026-01-16T02:00:00Z'), CPH)).toBe(true); // 03:00
    expect(isQuietAt(night, at('2026-01-16T05:59:00Z'), CPH)).toBe(true); // 06:59
    expect(isQuietAt(night, at('2026-01-16T06:00:00Z'), CPH)).toBe(false); // 07:00
  });

  it('handles a span inside one day', () => {
    const nap = { start: '13:00', end: '15:00' };
    expect(isQuietAt(nap, at('2026-01-15T11:59:00Z'), CPH)).toBe(false);
    expect(isQuietAt(nap, at('2026-01-15T12:00:00Z'), CPH)).toBe(true);
    expect(isQuietAt(nap, at('2026-01-15T14:00:00Z'), CPH)).toBe(false);
  });

  it('keeps 07:00 wall time as the end on the nights the clocks change', () => {
    // 29 March 2026: 02:00 CET jumps to 03:00 CEST; 07:00 CEST is 05:00Z.
    expect(isQuietAt(night, at('2026-03-29T04:59:00Z'), CPH)).toBe(true);
    expect(isQuietAt(night, at('2026-03-29T05:00:00Z'), CPH)).toBe(false);
    // 25 October 2026: 03:00 CEST falls back to 02:00 CET; 07:00 CET is 06:00Z, and both 02:30s are quiet.
    expect(isQuietAt(night, at('2026-10-25T00:30:00Z'), CPH)).toBe(true);
    expect(isQuietAt(night, at('2026-10-25T01:30:00Z'), CPH)).toBe(true);
    expect(isQuietAt(night, at('2026-10-25T05:59:00Z'), CPH)).toBe(true);
    expect(isQuietAt(night, at('2026-10-25T06:00:00Z'), CPH)).toBe(false);
  });

  it('is never quiet without quiet hours, or with an empty span', () => {
    expect(isQuietAt(null, at('2026-01-16T02:00:00Z'), CPH)).toBe(false);
    expect(isQuietAt({ start: '22:00', end: '22:00' }, at('2026-01-15T21:00:00Z'), CPH)).toBe(false);
  });

  it('rings softly and never answers by itself in quiet hours, and rings at the set volume otherwise', () => {
    const settings = { quietHours: night, volume: 80 };
    expect(quietPolicy(settings, at('2026-01-16T02:00:00Z'), CPH)).toEqual({
      quiet: true,
      ringVolume: QUIET_RING_VOLUME,
      autoAnswer: false,
    });
    expect(quietPolicy(settings, at('2026-01-16T10:00:00Z'), CPH)).toEqual({
      quiet: false,
      ringVolume: 80,
      autoAnswer: true,
    });
    // A volume already below the quiet level is not raised.
    expect(quietPolicy({ quietHours: night, volume: 10 }, at('2026-01-16T02:00:00Z'), CPH).ringVolume).toBe(
      10,
    );
  });
});
