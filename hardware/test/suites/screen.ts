import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isHardwareError } from '../../src/errors.js';
import type { Screen } from '../../src/types.js';

export interface ScreenHarness {
  readonly screen: Screen;
  /** What the device itself reports (sysfs files for the real driver; the simulator reports its state). */
  observe(): Promise<{ on: boolean; brightness: number }>;
  /** Percent per device brightness step (100 / max_brightness); observed values are off by up to half. */
  readonly step?: number;
  close(): Promise<void>;
}

export function screenSuite(label: string, factory: () => Promise<ScreenHarness>): void {
  describe(`Screen contract: ${label}`, () => {
    let h: ScreenHarness;
    const near = (seen: number, wanted: number) =>
      expect(Math.abs(seen - wanted)).toBeLessThanOrEqual((h.step ?? 0) / 2 + 0.5);
    beforeEach(async () => {
      h = await factory();
    });
    afterEach(async () => {
      await h.close();
    });

    it('powers the panel off and on again', async () => {
      await h.screen.setPower(false);
      expect(h.screen.state.on).toBe(false);
      expect((await h.observe()).on).toBe(false);
      await h.screen.setPower(true);
      expect(h.screen.state.on).toBe(true);
      expect((await h.observe()).on).toBe(true);
    });

    it('sets brightness in percent, mapped onto the device range', async () => {
      for (const percent of [0, 37, 100]) {
        await h.screen.setBrightness(percent);
        expect(h.screen.state.brightness).toBe(percent);
        near((await h.observe()).brightness, percent);
      }
    });

    it('keeps brightness when powered off and on', async () => {
      await h.screen.setBrightness(60);
      await h.screen.setPower(false);
      await h.screen.setPower(true);
      expect(h.screen.state).toEqual({ on: true, brightness: 60 });
    });

    it('refuses brightness outside 0-100 and leaves the panel as it was', async () => {
      await h.screen.setBrightness(50);
      for (const bad of [-1, 101, Number.NaN, Number.POSITIVE_INFINITY]) {
        const error = await h.screen.setBrightness(bad).catch((e: unknown) => e);
        expect(isHardwareError(error, 'invalid_argument')).toBe(true);
      }
      expect(h.screen.state.brightness).toBe(50);
      near((await h.observe()).brightness, 50);
    });

    it('applies concurrent calls in call order, so the last one wins', async () => {
      await Promise.all([h.screen.setBrightness(10), h.screen.setPower(false), h.screen.setBrightness(90)]);
      expect(h.screen.state).toEqual({ on: false, brightness: 90 });
      const seen = await h.observe();
      expect(seen.on).toBe(false);
      near(seen.brightness, 90);
    });

    it('refuses work after close', async () => {
      await h.screen.close();
      const error = await h.screen.setPower(true).catch((e: unknown) => e);
      expect(isHardwareError(error, 'closed')).toBe(true);
    });
  });
}
