import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Level } from '../../src/debounce.js';
import type { Button, ButtonEvent } from '../../src/types.js';

/** A button plus a way to drive its raw line: the simulator feeds edges, a Pi drives a wired loopback pin. */
export interface ButtonHarness {
  readonly button: Button;
  setLevel(level: Level): Promise<void> | void;
  wait(ms: number): Promise<void>;
  readonly debounceMs: number;
  readonly longPressMs: number;
  close(): Promise<void>;
}

export function buttonSuite(label: string, factory: () => Promise<ButtonHarness>): void {
  describe(`Button contract: ${label}`, () => {
    let h: ButtonHarness;
    let events: ButtonEvent[];
    let unsubscribe: (() => void)[];

    beforeEach(async () => {
      h = await factory();
      events = [];
      unsubscribe = [
        h.button.on('press', () => events.push('press')),
        h.button.on('long-press', () => events.push('long-press')),
      ];
    });
    afterEach(async () => {
      for (const off of unsubscribe) off();
      await h.close();
    });

    const tap = async (holdMs: number) => {
      await h.setLevel(1);
      await h.wait(holdMs);
      await h.setLevel(0);
      await h.wait(h.debounceMs * 3);
    };

    it('emits one press for a clean short press, after the debounce window', async () => {
      await h.setLevel(1);
      await h.wait(h.debounceMs * 3);
      await h.setLevel(0);
      expect(events).toEqual([]);
      await h.wait(h.debounceMs * 3);
      expect(events).toEqual(['press']);
    });

    it('turns contact bounce on press and on release into one press', async () => {
      const step = Math.max(1, Math.floor(h.debounceMs / 5));
      for (const level of [1, 0, 1, 0, 1] as const) {
        await h.setLevel(level);
        await h.wait(step);
      }
      await h.wait(h.debounceMs * 3);
      for (const level of [0, 1, 0, 1, 0] as const) {
        await h.setLevel(level);
        await h.wait(step);
      }
      await h.wait(h.debounceMs * 3);
      expect(events).toEqual(['press']);
    });

    it('ignores a glitch shorter than the debounce window', async () => {
      await tap(Math.max(1, Math.floor(h.debounceMs / 3)));
      expect(events).toEqual([]);
    });

    it('emits one long-press while still held, and no press on release', async () => {
      await h.setLevel(1);
      await h.wait(h.longPressMs + h.debounceMs * 2);
      expect(events).toEqual(['long-press']);
      await h.wait(h.longPressMs);
      expect(events).toEqual(['long-press']);
      await h.setLevel(0);
      await h.wait(h.debounceMs * 3);
      expect(events).toEqual(['long-press']);
    });

    it('emits a press per separate press', async () => {
      await tap(h.debounceMs * 2);
      await tap(h.debounceMs * 2);
      expect(events).toEqual(['press', 'press']);
    });

    it('stops delivering to a listener once it unsubscribes', async () => {
      const late: ButtonEvent[] = [];
      const off = h.button.on('press', () => late.push('press'));
      await tap(h.debounceMs * 2);
      off();
      await tap(h.debounceMs * 2);
      expect(late).toEqual(['press']);
      expect(events).toEqual(['press', 'press']);
    });

    it('emits nothing after close', async () => {
      await h.button.close();
      await tap(h.debounceMs * 2);
      expect(events).toEqual([]);
    });
  });
}
