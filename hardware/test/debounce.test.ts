import { FakeClock } from '@screenvisit/protocol/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDebouncer, type Level } from '../src/debounce.js';
import { isHardwareError } from '../src/errors.js';
import type { ButtonEvent } from '../src/types.js';

const D = 30;
const L = 1_500;

/**
 * Feeds `edges` (level at ms since start) on a fake clock and collects events with their times. The debouncer
 * is synchronous (timers and listeners, no promises), so the clock is advanced synchronously: no real time
 * passes, whatever the machine's load (advanceSettling gave the event loop a real turn per timer, ~1 ms each,
 * which made the property below take seconds).
 */
function run(edges: readonly [number, Level][], options: { initialLevel?: Level; until?: number } = {}) {
  const clock = new FakeClock(0);
  const debouncer = createDebouncer({
    clock,
    debounceMs: D,
    longPressMs: L,
    initialLevel: options.initialLevel,
  });
  const events: [ButtonEvent, number][] = [];
  debouncer.on('press', () => events.push(['press', clock.now()]));
  debouncer.on('long-press', () => events.push(['long-press', clock.now()]));
  for (const [at, level] of edges) {
    clock.advance(at - clock.now());
    debouncer.feed(level);
  }
  clock.advance((options.until ?? (edges.at(-1)?.[0] ?? 0) + 3 * L) - clock.now());
  return { events, debouncer, clock };
}

describe('debouncer', () => {
  it('turns a bouncing press and release into one press, one window after the last release edge', () => {
    const { events } = run([
      [0, 1],
      [4, 0],
      [9, 1],
      [13, 0],
      [18, 1],
      [300, 0],
      [303, 1],
      [307, 0],
    ]);
    expect(events).toEqual([['press', 307 + D]]);
  });

  it('turns a hold into one long-press at the threshold while held, and nothing on release', () => {
    const { events } = run([
      [0, 1],
      [5_000, 0],
    ]);
    expect(events).toEqual([['long-press', L]]);
  });

  it('measures the hold from the first contact of a bouncing press, not from the end of its window', () => {
    const { events } = run([
      [100, 1],
      [105, 0],
      [110, 1],
      [1_700, 0],
    ]);
    expect(events).toEqual([['long-press', 100 + L]]);
  });

  it('counts a release that began just before the threshold as a press', () => {
    const { events } = run([
      [0, 1],
      [L - 10, 0],
    ]);
    expect(events).toEqual([['press', L - 10 + D]]);
  });

  it('reports the long-press late when bounce at the threshold turns out not to be a release', () => {
    const { events } = run([
      [0, 1],
      [L - 5, 0],
      [L + 5, 1],
      [4_000, 0],
    ]);
    expect(events).toEqual([['long-press', L + 5 + D]]);
  });

  it('counts a bouncing release that straddles the threshold as a press', () => {
    const { events } = run([
      [0, 1],
      [L - 5, 0],
      [L + 2, 1],
      [L + 8, 0],
    ]);
    expect(events).toEqual([['press', L + 8 + D]]);
  });

  it('ignores a pulse shorter than the window and repeated reads of the same level', () => {
    const { events, debouncer, clock } = run([
      [0, 1],
      [D - 1, 0],
    ]);
    expect(events).toEqual([]);
    debouncer.feed(1);
    clock.advance(20);
    debouncer.feed(1);
    clock.advance(D - 20);
    expect(debouncer.pressed).toBe(true);
  });

  it('does not report a hold that was already under way when watching started', () => {
    const { events } = run(
      [
        [3_000, 0],
        [4_000, 1],
        [4_100, 0],
      ],
      { initialLevel: 1 },
    );
    expect(events).toEqual([['press', 4_100 + D]]);
  });

  it('honours configured windows', () => {
    const clock = new FakeClock(0);
    const debouncer = createDebouncer({ clock, debounceMs: 5, longPressMs: 100 });
    const events: ButtonEvent[] = [];
    debouncer.on('long-press', () => events.push('long-press'));
    debouncer.feed(1);
    clock.advance(99);
    expect(events).toEqual([]);
    clock.advance(1);
    expect(events).toEqual(['long-press']);
  });

  it('keeps delivering to other listeners when one throws, and reports the error', () => {
    const clock = new FakeClock(0);
    const errors: unknown[] = [];
    const debouncer = createDebouncer({ clock, onListenerError: (e) => errors.push(e) });
    let delivered = 0;
    debouncer.on('press', () => {
      throw new Error('listener bug');
    });
    debouncer.on('press', () => delivered++);
    debouncer.feed(1);
    clock.advance(100);
    debouncer.feed(0);
    clock.advance(100);
    expect(delivered).toBe(1);
    expect(errors).toHaveLength(1);
  });

  it('refuses windows that make no sense', () => {
    for (const [debounceMs, longPressMs] of [
      [-1, 100],
      [30, 30],
      [1.5, 100],
    ]) {
      let error: unknown;
      try {
        createDebouncer({ debounceMs, longPressMs });
      } catch (e) {
        error = e;
      }
      expect(isHardwareError(error, 'invalid_config')).toBe(true);
    }
  });

  it('yields exactly one event per bouncing press, long-press exactly when held past the threshold', () => {
    // An even number of gaps: a bounce starts with a real edge (to the new level) and settles on it. With an odd
    // number the first "edge" would repeat the current level and the real release would come one gap later.
    const bounce = fc
      .array(fc.integer({ min: 1, max: D - 1 }), { maxLength: 6 })
      .map((gaps) => (gaps.length % 2 === 0 ? gaps : gaps.slice(1)));
    // Holds anywhere, and half of them near the threshold, where bounce decides between press and long-press.
    const hold = fc.oneof(
      fc.integer({ min: 2 * D, max: 3 * L }),
      fc.integer({ min: L - 6 * D, max: L + 2 * D }),
    );
    fc.assert(
      fc.property(bounce, hold, bounce, (pressBounce, hold, releaseBounce) => {
        // The hold runs from first contact to the first release edge.
        const held = pressBounce.reduce((a, b) => a + b, 0) + hold;
        fc.pre(held !== L);
        // Bounce alternates levels and ends on the level it settles to.
        const edges: [number, Level][] = [];
        let t = 10;
        const emit = (gaps: number[], final: Level) => {
          let level: Level = final;
          for (const gap of [0, ...gaps]) {
            t += gap;
            edges.push([t, level]);
            level = level === 1 ? 0 : 1;
          }
        };
        emit(pressBounce, 1);
        t += hold;
        emit(releaseBounce, 0);
        const { events } = run(edges);
        expect(events.map(([e]) => e)).toEqual([held > L ? 'long-press' : 'press']);
      }),
      { numRuns: 300 },
    );
  });
});
