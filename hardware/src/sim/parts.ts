import type { Clock } from '@screenvisit/protocol';
import type { Logger } from 'pino';
import { createBlinker } from '../blinker.js';
import { createDebouncer, type Debouncer } from '../debounce.js';
import { HardwareError } from '../errors.js';
import { checkPercent } from '../percent.js';
import { type SpeakerTone, speakerTones, TONE_SOUNDS } from '../tones.js';
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

/**
 * The speaker in memory: `state.tone` says what a real one would be playing. The one-shot 'not-reached' falls
 * silent on the board's clock after NOT_REACHED_TONE_MS, as the real one does when its pipeline ends.
 */
export function createSimulatedSpeaker(ctx: PartContext): Speaker {
  let closed = false;
  let tone: SpeakerTone | null = null;
  let volume = 80;
  let oneShot: ReturnType<Clock['setTimeout']> | undefined;
  const state = () => ({ tone, ringing: tone === 'ring', volume });
  let last = state();
  const endOneShot = () => {
    if (oneShot !== undefined) ctx.clock.clearTimeout(oneShot);
    oneShot = undefined;
  };
  const changed = () => {
    const next = state();
    if (next.tone !== last.tone || next.volume !== last.volume) ctx.notify({ part: 'speaker', state: next });
    last = next;
  };
  const open = () => {
    if (closed) throw HardwareError.closed('speaker');
  };
  return {
    async play(next) {
      open();
      if (!(speakerTones as readonly string[]).includes(next)) {
        throw HardwareError.invalidArgument(`unknown tone ${JSON.stringify(next)}`);
      }
      const sound = TONE_SOUNDS[next];
      if (next === tone && sound.forMs === null) return;
      endOneShot();
      tone = next;
      if (sound.forMs !== null) {
        oneShot = ctx.clock.setTimeout(() => {
          oneShot = undefined;
          tone = null;
          changed();
        }, sound.forMs);
      }
      changed();
    },
    async stop(which) {
      open();
      if (tone === null || (which !== undefined && which !== tone)) return;
      endOneShot();
      tone = null;
      changed();
    },
    async setVolume(percent) {
      checkPercent('volume', percent);
      open();
      volume = percent;
      changed();
    },
    get state() {
      return state();
    },
    async close() {
      if (closed) return;
      endOneShot();
      tone = null;
      changed();
      closed = true;
    },
  };
}
