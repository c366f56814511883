import type { Clock } from '@screenvisit/protocol';
import type { Logger } from 'pino';
import { createBlinker } from '../blinker.js';
import { createDebouncer, type Debouncer } from '../debounce.js';
import { HardwareError } from '../errors.js';
import { checkPercent } from '../percent.js';
import type { ButtonName, LedName, LedPattern, Screen, Speaker } from '../types.js';
import type { SimulatedButton, SimulatedChange, SimulatedLed } from './types.js';

/**
 * The simulated parts keep their state in memory and report every change through `notify`. They enforce
 * the same contract as the real drivers (range checks, closed parts refuse work): the shared suites in
 * hardware/test/suites run against both.
 */
interface PartContext {
  clock: Clock;
  logger: Logger;
  notify: (change: SimulatedChange) => void;
}

export function createSimulatedButton(
  name: ButtonName,
  ctx: PartContext & { debounceMs: number; longPressMs: number },
): { button: SimulatedButton; debouncer: Debouncer } {
  const debouncer = createDebouncer({
    clock: ctx.clock,
    debounceMs: ctx.debounceMs,
    longPressMs: ctx.longPressMs,
    onListenerError: (err) => ctx.logger.error({ err, button: name }, 'button listener threw'),
  });
  debouncer.on('press', () => ctx.notify({ part: 'button', name, event: 'press' }));
  debouncer.on('long-press', () => ctx.notify({ part: 'button', name, event: 'long-press' }));
  const button: SimulatedButton = {
    name,
    on: (event, listener) => debouncer.on(event, listener),
    get pressed() {
      return debouncer.pressed;
    },
    async close() {
      debouncer.close();
    },
  };
  return { button, debouncer };
}

export function createSimulatedLed(name: LedName, ctx: PartContext): SimulatedLed {
  let closed = false;
  const blinker = createBlinker({
    clock: ctx.clock,
    write: () => {},
    onWriteError: (err) => ctx.logger.error({ err, led: name }, 'simulated LED write failed'),
  });
  return {
    name,
    async set(pattern: LedPattern) {
      if (closed) throw HardwareError.closed(`LED ${name}`);
      const before = blinker.pattern;
      blinker.set(pattern);
      if (before !== pattern) ctx.notify({ part: 'led', name, pattern });
    },
    get pattern() {
      return blinker.pattern;
    },
    get lit() {
      return blinker.level === 1;
    },
    async close() {
      closed = true;
      blinker.stop();
    },
  };
}

export function createSimulatedScreen(ctx: PartContext): Screen {
  let closed = false;
  let state = { on: true, brightness: 100 };
  const update = (next: typeof state) => {
    if (closed) throw HardwareError.closed('screen');
    const changed = next.on !== state.on || next.brightness !== state.brightness;
    state = next;
    if (changed) ctx.notify({ part: 'screen', state });
  };
  return {
    async setPower(on) {
      update({ ...state, on: on === true });
    },
    async setBrightness(percent) {
      checkPercent('brightness', percent);
      update({ ...state, brightness: percent });
    },
    get state() {
      return state;
    },
    async close() {
      closed = true;
    },
  };
}

export function createSimulatedSpeaker(ctx: PartContext): Speaker {
  let closed = false;
  let state = { ringing: false, volume: 80 };
  const update = (next: typeof state) => {
    if (closed) throw HardwareError.closed('speaker');
    const changed = next.ringing !== state.ringing || next.volume !== state.volume;
    state = next;
    if (changed) ctx.notify({ part: 'speaker', state });
  };
  return {
    async startRinging() {
      update({ ...state, ringing: true });
    },
    async stopRinging() {
      update({ ...state, ringing: false });
    },
    async setVolume(percent) {
      checkPercent('volume', percent);
      update({ ...state, volume: percent });
    },
    get state() {
      return state;
    },
    async close() {
      if (!closed) update({ ...state, ringing: false });
      closed = true;
    },
  };
}
