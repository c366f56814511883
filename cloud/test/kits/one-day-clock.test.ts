import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { MUNICIPAL_ZONE, oneDayClock } from './one-day-clock.js';

const local = (iso: string) => DateTime.fromISO(iso, { zone: MUNICIPAL_ZONE }).toMillis();
const dateOf = (ms: number) => DateTime.fromMillis(ms, { zone: MUNICIPAL_ZONE }).toISODate();

/** Real time that the test moves by hand. */
function realTime(start: number) {
  let now = start;
  return { now: () => now, pass: (ms: number) => (now += ms) };
}

describe('a test cloud clock held to one municipal day', () => {
  it('keeps the Copenhagen date it started on when real time passes midnight half a second later', () => {
    const real = realTime(local('2026-12-06T23:59:59.500'));
    const clock = oneDayClock({ realNow: real.now });
    expect(clock.today).toBe('2026-12-06');
    real.pass(1_000);
    expect(dateOf(clock.now())).toBe('2026-12-06');
    real.pass(10 * 60_000);
    expect(clock.now()).toBe(local('2026-12-06T23:59:59.999'));
  });

  it('runs with real time inside the day', () => {
    const real = realTime(local('2026-12-06T10:00:00'));
    const clock = oneDayClock({ realNow: real.now });
    real.pass(90_000);
    expect(clock.now()).toBe(local('2026-12-06T10:01:30'));
  });

  it('can start at a chosen instant and run on from there', () => {
    const real = realTime(local('2026-12-06T10:00:00'));
    const clock = oneDayClock({ start: local('2026-03-29T23:59:59.500'), realNow: real.now });
    expect(clock.today).toBe('2026-03-29');
    real.pass(200);
    expect(clock.now()).toBe(local('2026-03-29T23:59:59.700'));
    real.pass(1_000);
    expect(dateOf(clock.now())).toBe('2026-03-29');
  });

  it('starts no later than a chosen time of its day, and runs on from there', () => {
    const real = realTime(local('2026-12-06T23:40:00'));
    const clock = oneDayClock({ realNow: real.now, latestStart: '22:00' });
    expect(clock.now()).toBe(local('2026-12-06T22:00:00'));
    real.pass(90_000);
    expect(clock.now()).toBe(local('2026-12-06T22:01:30'));
    const early = realTime(local('2026-12-06T10:00:00'));
    expect(oneDayClock({ realNow: early.now, latestStart: '22:00' }).now()).toBe(
      local('2026-12-06T10:00:00'),
    );
  });
});
