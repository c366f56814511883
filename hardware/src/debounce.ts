import { type Clock, systemClock } from '@screenvisit/protocol';
import { pino } from 'pino';
import { createEmitter } from './emitter.js';
import { HardwareError } from './errors.js';
import type { ButtonEvent } from './types.js';

/** A logical line level: 1 = pressed. Active-low wiring is inverted before it gets here (onoff `activeLow`). */
export type Level = 0 | 1;

export const DEFAULT_DEBOUNCE_MS = 30;
export const DEFAULT_LONG_PRESS_MS = 1500;

export interface DebounceOptions {
  clock?: Clock;
  debounceMs?: number;
  longPressMs?: number;
  /** The line's level when watching starts. A button already held at start never yields an event for that hold. */
  initialLevel?: Level;
  onListenerError?: (error: unknown) => void;
}

export interface Debouncer {
  /** One raw edge, timestamped with the clock now. Repeated levels are ignored. */
  feed(level: Level): void;
  on(event: ButtonEvent, listener: () => void): () => void;
  /** The debounced (settled) state. */
  readonly pressed: boolean;
  close(): void;
}

export function checkTiming(debounceMs: number, longPressMs: number): void {
  const problems: string[] = [];
  if (!Number.isInteger(debounceMs) || debounceMs < 0) problems.push('debounceMs must be an integer >= 0');
  if (!Number.isInteger(longPressMs) || longPressMs <= debounceMs) {
    problems.push('longPressMs must be an integer greater than debounceMs');
  }
  if (problems.length > 0) throw HardwareError.invalidConfig(problems);
}

/**
 * Button debouncing shared by the GPIO driver and the simulator, so one implementation is tested.
 *
 * INVARIANTS
 * - The settled state changes only after the raw level has held for `debounceMs` without another edge;
 *   bounce inside that window restarts the window and yields nothing.
 * - A change of state dates from the first edge of its bounce episode (the first edge after the line was
 *   stable), not from the end of the window: a hold is measured from first contact to first release edge.
 * - Each settled press yields exactly one event: `long-press` once it has been held `longPressMs` (emitted
 *   while still held), otherwise `press` when it settles released.
 */
export function createDebouncer(options: DebounceOptions = {}): Debouncer {
  const clock = options.clock ?? systemClock;
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const longPressMs = options.longPressMs ?? DEFAULT_LONG_PRESS_MS;
  checkTiming(debounceMs, longPressMs);
  const onListenerError =
    options.onListenerError ??
    ((error: unknown) => pino({ name: 'hardware.debounce' }).error({ err: error }, 'button listener threw'));
  const events = createEmitter<Record<ButtonEvent, undefined>>(onListenerError);

  let raw: Level = options.initialLevel ?? 0;
  let settled: Level = raw;
  let episodeStart = clock.now();
  let pressStart = episodeStart;
  // A hold already under way at start is not ours to report.
  let holdReported = settled === 1;
  let settleTimer: ReturnType<Clock['setTimeout']> | undefined;
  let longTimer: ReturnType<Clock['setTimeout']> | undefined;
  let closed = false;

  const reportLongPress = () => {
    holdReported = true;
    events.emit('long-press', undefined);
  };

  const onLongPressDue = () => {
    longTimer = undefined;
    // Edges still inside their debounce window may be bounce or a real release: let settle() decide.
    if (settled === 1 && settleTimer === undefined && !holdReported) reportLongPress();
  };

  const settle = () => {
    settleTimer = undefined;
    if (raw === settled) {
      // Bounce that came back to the settled level. If the long-press came due meanwhile, report it now.
      if (settled === 1 && !holdReported && clock.now() - pressStart >= longPressMs) reportLongPress();
      return;
    }
    settled = raw;
    if (settled === 1) {
      pressStart = episodeStart;
      holdReported = false;
      longTimer = clock.setTimeout(onLongPressDue, Math.max(0, pressStart + longPressMs - clock.now()));
      return;
    }
    if (longTimer !== undefined) clock.clearTimeout(longTimer);
    longTimer = undefined;
    if (holdReported) return;
    holdReported = true;
    if (episodeStart - pressStart >= longPressMs) events.emit('long-press', undefined);
    else events.emit('press', undefined);
  };

  return {
    feed(level) {
      if (closed || level === raw) return;
      raw = level;
      if (settleTimer === undefined) episodeStart = clock.now();
      else clock.clearTimeout(settleTimer);
      settleTimer = clock.setTimeout(settle, debounceMs);
    },
    on: (event, listener) => events.on(event, listener),
    get pressed() {
      return settled === 1;
    },
    close() {
      closed = true;
      if (settleTimer !== undefined) clock.clearTimeout(settleTimer);
      if (longTimer !== undefined) clock.clearTimeout(longTimer);
      settleTimer = undefined;
      longTimer = undefined;
      events.clear();
    },
  };
}
