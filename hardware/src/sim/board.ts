import { type Clock, systemClock } from '@screenvisit/protocol';
import { pino } from 'pino';
import { checkTiming, DEFAULT_DEBOUNCE_MS, DEFAULT_LONG_PRESS_MS, type Debouncer } from '../debounce.js';
import { createEmitter } from '../emitter.js';
import { HardwareError } from '../errors.js';
import { type ButtonName, buttonNames } from '../types.js';
import {
  createSimulatedButton,
  createSimulatedLed,
  createSimulatedScreen,
  createSimulatedSpeaker,
} from './parts.js';
import type { SimulatedBoard, SimulatedBoardOptions, SimulatedChange } from './types.js';

/**
 * The kiosk board in memory, for development machines and tests. Button presses go through the same
 * debouncer as the GPIO driver as raw edges on the board's clock, so a fake clock drives them in tests.
 */
export function createSimulatedBoard(options: SimulatedBoardOptions = {}): SimulatedBoard {
  const clock = options.clock ?? systemClock;
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const longPressMs = options.longPressMs ?? DEFAULT_LONG_PRESS_MS;
  checkTiming(debounceMs, longPressMs);
  const logger = options.logger ?? pino({ name: 'hardware.sim' });
  const changes = createEmitter<{ change: SimulatedChange }>((err) =>
    logger.error({ err }, 'simulated board change listener threw'),
  );
  const ctx = { clock, logger, notify: (change: SimulatedChange) => changes.emit('change', change) };

  const answer = createSimulatedButton('answer', { ...ctx, debounceMs, longPressMs });
  const nightWatch = createSimulatedButton('nightWatch', { ...ctx, debounceMs, longPressMs });
  const debouncers: Record<ButtonName, Debouncer> = {
    answer: answer.debouncer,
    nightWatch: nightWatch.debouncer,
  };
  const buttons = { answer: answer.button, nightWatch: nightWatch.button };
  const leds = {
    status: createSimulatedLed('status', ctx),
    nightWatch: createSimulatedLed('nightWatch', ctx),
  };
  const screen = createSimulatedScreen(ctx);
  const speaker = createSimulatedSpeaker(ctx);

  // Pending driving timers, so close() leaves nothing scheduled and no driving promise hanging.
  const pending = new Map<ReturnType<Clock['setTimeout']>, () => void>();
  let closed = false;

  const after = (ms: number, fn: () => void) => {
    if (closed) return undefined;
    const timer = clock.setTimeout(() => {
      pending.delete(timer);
      fn();
    }, ms);
    pending.set(timer, () => {});
    return timer;
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = after(ms, resolve);
      if (timer === undefined) resolve();
      else pending.set(timer, resolve);
    });

  const debouncerFor = (name: ButtonName): Debouncer => {
    if (closed) throw HardwareError.closed('simulated board');
    if (!(buttonNames as readonly string[]).includes(name)) {
      throw HardwareError.invalidArgument(`unknown button ${JSON.stringify(name)}`);
    }
    return debouncers[name];
  };

  const checkMs = (what: string, ms: number) => {
    if (!Number.isFinite(ms) || ms < 0) throw HardwareError.invalidArgument(`${what} must be >= 0 ms`);
  };

  return {
    kind: 'simulated',
    buttons,
    leds,
    screen,
    speaker,
    press(name) {
      const debouncer = debouncerFor(name);
      // Long enough to settle, well short of a long press.
      const holdMs = Math.max(
        1,
        Math.min(2 * debounceMs, debounceMs + Math.floor((longPressMs - debounceMs) / 2)),
      );
      debouncer.feed(1);
      after(holdMs, () => debouncer.feed(0));
    },
    async pressAndHold(name, ms) {
      const debouncer = debouncerFor(name);
      checkMs('hold', ms);
      debouncer.feed(1);
      await sleep(ms);
      debouncer.feed(0);
      await sleep(debounceMs);
    },
    async bounce(name, edges) {
      const debouncer = debouncerFor(name);
      let last = 0;
      for (const edge of edges) {
        checkMs('edge time', edge.atMs);
        if (edge.atMs < last) throw HardwareError.invalidArgument('edges must be in time order');
        if (edge.level !== 0 && edge.level !== 1)
          throw HardwareError.invalidArgument('edge level must be 0 or 1');
        last = edge.atMs;
      }
      for (const edge of edges) {
        if (edge.atMs === 0) debouncer.feed(edge.level);
        else after(edge.atMs, () => debouncer.feed(edge.level));
      }
      await sleep(last + debounceMs);
    },
    onChange: (listener) => changes.on('change', listener),
    snapshot() {
      return {
        buttons: {
          answer: { pressed: buttons.answer.pressed },
          nightWatch: { pressed: buttons.nightWatch.pressed },
        },
        leds: {
          status: { pattern: leds.status.pattern, lit: leds.status.lit },
          nightWatch: { pattern: leds.nightWatch.pattern, lit: leds.nightWatch.lit },
        },
        screen: screen.state,
        speaker: speaker.state,
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const [timer, resolve] of pending) {
        clock.clearTimeout(timer);
        resolve();
      }
      pending.clear();
      await Promise.all([
        ...Object.values(buttons).map((b) => b.close()),
        ...Object.values(leds).map((l) => l.close()),
        screen.close(),
        speaker.close(),
      ]);
      changes.clear();
    },
  };
}
