import { MAX_NIGHT_WATCH_WINDOWS } from '@screenvisit/protocol';
import { describe, expect, it } from 'vitest';
import { nightWatchHoursKey, withNightWatchHours } from './night-watch-hours.js';

const pool = 'c29a323c-3bff-406f-8b90-7017abf250be';
const other = '0f4b8d0e-2d7e-4c51-9c1c-5a2f3e9b7d11';
const NIGHTS = [{ days: [1, 2, 3, 4, 5, 6, 7], from: '22:00', to: '07:00' }];
const button = { enabled: true, poolId: pool };

describe("the resident's night-watch hours in a pushed config", () => {
  it("carries her hours for the button's pool, and never what support sent", () => {
    const hours = new Map([[pool, NIGHTS]]);
    expect(withNightWatchHours({ ...button, windows: [] }, hours, true)).toEqual({
      ...button,
      windows: NIGHTS,
    });
  });

  it('says "never" (empty) when no press of hers reaches that pool', () => {
    expect(withNightWatchHours(button, new Map([[other, NIGHTS]]), true)).toEqual({ ...button, windows: [] });
    expect(withNightWatchHours(button, undefined, true)).toEqual({ ...button, windows: [] });
  });

  it('leaves the field out (lamp as before) when she may call at any time, nobody borrows the kiosk, or the button is off', () => {
    expect(withNightWatchHours(button, new Map([[pool, null]]), true)).toEqual(button);
    expect(withNightWatchHours({ ...button, windows: NIGHTS }, new Map([[pool, NIGHTS]]), false)).toEqual(
      button,
    );
    expect(withNightWatchHours({ enabled: false, windows: NIGHTS }, new Map([[pool, NIGHTS]]), true)).toEqual(
      {
        enabled: false,
      },
    );
  });

  it('leaves the field out rather than cut her hours short when they are more than a config carries', () => {
    const many = Array.from({ length: MAX_NIGHT_WATCH_WINDOWS + 1 }, (_, i) => ({
      days: [1],
      from: `${String(i % 24).padStart(2, '0')}:00`,
      to: `${String(i % 24).padStart(2, '0')}:30`,
    }));
    expect(withNightWatchHours(button, new Map([[pool, many]]), true)).toEqual(button);
  });

  it('groups residents by their hours, whatever order the pools were read in', () => {
    const a = new Map([
      [pool, NIGHTS],
      [other, null],
    ]);
    const b = new Map([
      [other, null],
      [pool, NIGHTS],
    ]);
    expect(nightWatchHoursKey(a)).toBe(nightWatchHoursKey(b));
    expect(nightWatchHoursKey(a)).not.toBe(nightWatchHoursKey(new Map([[pool, NIGHTS]])));
  });
});
