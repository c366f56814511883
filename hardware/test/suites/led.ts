import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Level } from '../../src/debounce.js';
import { isHardwareError } from '../../src/errors.js';
import type { Led, LedPattern } from '../../src/types.js';

export interface LedHarness {
  readonly led: Led;
  /** The level the LED shows right now (1 = lit), read from the simulator or the GPIO line. */
  level(): Level;
  wait(ms: number): Promise<void>;
  close(): Promise<void>;
}

export function ledSuite(label: string, factory: () => Promise<LedHarness>): void {
  describe(`Led contract: ${label}`, () => {
    let h: LedHarness;
    beforeEach(async () => {
      h = await factory();
    });
    afterEach(async () => {
      await h.close();
    });

    /** How often the level changes over `ms`, sampled every 20 ms. */
    const toggles = async (ms: number) => {
      let count = 0;
      let last = h.level();
      for (let t = 0; t < ms; t += 20) {
        await h.wait(20);
        const now = h.level();
        if (now !== last) count++;
        last = now;
      }
      return count;
    };

    it('starts off and dark', () => {
      expect(h.led.pattern).toBe('off');
      expect(h.level()).toBe(0);
    });

    it('stays lit when on and dark when off', async () => {
      await h.led.set('on');
      expect(h.led.pattern).toBe('on');
      expect(await toggles(600)).toBe(0);
      expect(h.level()).toBe(1);
      await h.led.set('off');
      expect(h.led.pattern).toBe('off');
      expect(h.level()).toBe(0);
    });

    it('blinks fast several times a second and slow about once a second', async () => {
      await h.led.set('blink-fast');
      expect(h.led.pattern).toBe('blink-fast');
      const fast = await toggles(1_000);
      expect(fast).toBeGreaterThanOrEqual(6);
      await h.led.set('blink-slow');
      const slow = await toggles(1_000);
      expect(slow).toBeGreaterThanOrEqual(1);
      expect(slow).toBeLessThanOrEqual(2);
    });

    it('stops blinking when set to off', async () => {
      await h.led.set('blink-fast');
      await h.led.set('off');
      expect(await toggles(600)).toBe(0);
      expect(h.level()).toBe(0);
    });

    it('refuses an unknown pattern and keeps the current one', async () => {
      await h.led.set('on');
      const error = await h.led.set('disco' as LedPattern).catch((e: unknown) => e);
      expect(isHardwareError(error, 'invalid_argument')).toBe(true);
      expect(h.led.pattern).toBe('on');
    });

    it('refuses work after close', async () => {
      await h.led.close();
      const error = await h.led.set('on').catch((e: unknown) => e);
      expect(isHardwareError(error, 'closed')).toBe(true);
    });
  });
}
