import { FakeClock } from '@screenvisit/protocol/testing';
import { describe, expect, it } from 'vitest';
import { BLINK_HALF_PERIOD_MS, createBlinker } from '../src/blinker.js';
import type { Level } from '../src/debounce.js';
import { isHardwareError } from '../src/errors.js';
import type { LedPattern } from '../src/types.js';

function blinker(write: (level: Level) => void = () => {}) {
  const clock = new FakeClock(0);
  const writes: [number, Level][] = [];
  const errors: unknown[] = [];
  const b = createBlinker({
    clock,
    write: (level) => {
      write(level);
      writes.push([clock.now(), level]);
    },
    onWriteError: (e) => errors.push(e),
  });
  return { clock, writes, errors, b };
}

describe('blinker', () => {
  it('writes the first level at once and toggles every half period', async () => {
    const { clock, writes, b } = blinker();
    b.set('blink-fast');
    await clock.advanceSettling(4 * BLINK_HALF_PERIOD_MS['blink-fast']);
    expect(writes).toEqual([
      [0, 1],
      [125, 0],
      [250, 1],
      [375, 0],
      [500, 1],
    ]);
    expect(b.level).toBe(1);
  });

  it('blinks slow at half a second per level', async () => {
    const { clock, writes, b } = blinker();
    b.set('blink-slow');
    await clock.advanceSettling(1_000);
    expect(writes.map(([t]) => t)).toEqual([0, 500, 1_000]);
  });

  it('stops the previous pattern when a new one is set', async () => {
    const { clock, writes, b } = blinker();
    b.set('blink-fast');
    b.set('on');
    await clock.advanceSettling(1_000);
    expect(writes).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(clock.pending).toBe(0);
  });

  it('keeps blinking past a failed write and reports it', async () => {
    let fail = false;
    const { clock, errors, b } = blinker(() => {
      if (fail) throw new Error('EIO');
    });
    b.set('blink-fast');
    fail = true;
    await clock.advanceSettling(125);
    expect(errors).toHaveLength(1);
    expect(b.level).toBe(1);
    fail = false;
    await clock.advanceSettling(125);
    expect(b.level).toBe(0);
  });

  it('throws when the first write fails, keeping the old pattern', () => {
    const { b } = blinker(() => {
      throw new Error('EACCES');
    });
    expect(() => b.set('on')).toThrowError('EACCES');
    expect(b.pattern).toBe('off');
  });

  it('refuses an unknown pattern', () => {
    const { b } = blinker();
    let error: unknown;
    try {
      b.set('strobe' as LedPattern);
    } catch (e) {
      error = e;
    }
    expect(isHardwareError(error, 'invalid_argument')).toBe(true);
  });
});
