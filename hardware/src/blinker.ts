import { type Clock, systemClock } from '@screenvisit/protocol';
import type { Level } from './debounce.js';
import { HardwareError } from './errors.js';
import { type LedPattern, ledPatterns } from './types.js';

/** Half a blink period: slow blinks once a second (night watch armed), fast four times a second (attention). */
export const BLINK_HALF_PERIOD_MS = { 'blink-slow': 500, 'blink-fast': 125 } as const;

export interface Blinker {
  /** Writes the first level at once (a failed write throws), then toggles on the clock for blink patterns. */
  set(pattern: LedPattern): void;
  readonly pattern: LedPattern;
  readonly level: Level;
  stop(): void;
}

export function checkPattern(pattern: LedPattern): LedPattern {
  if (!(ledPatterns as readonly string[]).includes(pattern)) {
    throw HardwareError.invalidArgument(`unknown LED pattern ${JSON.stringify(pattern)}`);
  }
  return pattern;
}

/**
 * LED patterns as levels over time, shared by the GPIO driver and the simulator. A write failure inside a
 * blink tick goes to `onWriteError` (the timer keeps going: a flaky write should not freeze the LED).
 */
export function createBlinker(options: {
  write: (level: Level) => void;
  onWriteError: (error: unknown) => void;
  clock?: Clock;
}): Blinker {
  const clock = options.clock ?? systemClock;
  let pattern: LedPattern = 'off';
  let level: Level = 0;
  let timer: ReturnType<Clock['setTimeout']> | undefined;

  const cancel = () => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  };

  const tick = (halfPeriodMs: number) => {
    timer = clock.setTimeout(() => {
      const next: Level = level === 1 ? 0 : 1;
      try {
        options.write(next);
        level = next;
      } catch (error) {
        options.onWriteError(error);
      }
      tick(halfPeriodMs);
    }, halfPeriodMs);
  };

  return {
    set(next) {
      checkPattern(next);
      const first: Level = next === 'off' ? 0 : 1;
      // Write before cancelling: if the write fails, the old pattern keeps running as `pattern` says.
      options.write(first);
      cancel();
      level = first;
      pattern = next;
      if (next === 'blink-slow' || next === 'blink-fast') tick(BLINK_HALF_PERIOD_MS[next]);
    },
    get pattern() {
      return pattern;
    },
    get level() {
      return level;
    },
    stop: cancel,
  };
}
