import { systemClock } from '@screenvisit/protocol';
import { FakeClock } from '@screenvisit/protocol/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { isHardwareError } from '../src/errors.js';
import { createSimulatedBoard, type SimulatedChange } from '../src/index.js';
import type { ButtonName } from '../src/types.js';
import { buttonSuite } from './suites/button.js';
import { ledSuite } from './suites/led.js';
import { screenSuite } from './suites/screen.js';
import { speakerSuite } from './suites/speaker.js';

const logger = pino({ level: 'silent' });
const debounceMs = 30;
const longPressMs = 1_500;

function simulated() {
  const clock = new FakeClock();
  const board = createSimulatedBoard({ clock, debounceMs, longPressMs, logger });
  return { clock, board };
}

for (const name of ['answer', 'nightWatch'] as const) {
  buttonSuite(`simulated ${name} button`, async () => {
    const { clock, board } = simulated();
    return {
      button: board.buttons[name],
      // An edge at 0 ms is fed at once; the returned promise only waits for it to settle.
      setLevel: (level) => {
        void board.bounce(name, [{ level, atMs: 0 }]);
      },
      wait: (ms) => clock.advanceSettling(ms),
      debounceMs,
      longPressMs,
      close: () => board.close(),
    };
  });
}

ledSuite('simulated LED', async () => {
  const { clock, board } = simulated();
  return {
    led: board.leds.status,
    level: () => (board.leds.status.lit ? 1 : 0),
    wait: (ms) => clock.advanceSettling(ms),
    close: () => board.close(),
  };
});

screenSuite('simulated screen', async () => {
  const { board } = simulated();
  return { screen: board.screen, observe: async () => board.snapshot().screen, close: () => board.close() };
});

speakerSuite('simulated speaker', async () => {
  const { clock, board } = simulated();
  // Each tone begun is a new "producer", as each gst-launch process is for the real driver.
  let begun = 0;
  let last = board.speaker.state.tone;
  board.onChange((change) => {
    if (change.part !== 'speaker') return;
    if (change.state.tone !== last && change.state.tone !== null) begun++;
    last = change.state.tone;
  });
  return {
    speaker: board.speaker,
    observe: () => ({ sounding: board.speaker.state.tone !== null, producer: begun }),
    pass: (ms) => clock.advanceSettling(ms),
    close: () => board.close(),
  };
});

describe('simulated board', () => {
  it('turns press() into one press after the debounce window', async () => {
    const { clock, board } = simulated();
    const events: string[] = [];
    board.buttons.answer.on('press', () => events.push('press'));
    board.press('answer');
    await clock.advanceSettling(debounceMs);
    expect(board.buttons.answer.pressed).toBe(true);
    expect(events).toEqual([]);
    await clock.advanceSettling(debounceMs * 3);
    expect(events).toEqual(['press']);
    expect(board.buttons.answer.pressed).toBe(false);
  });

  it('emits press within ~100 ms on the system clock', async () => {
    const board = createSimulatedBoard({ clock: systemClock, logger });
    const started = Date.now();
    const pressed = new Promise<number>((resolve) =>
      board.buttons.nightWatch.on('press', () => resolve(Date.now())),
    );
    board.press('nightWatch');
    const at = await pressed;
    expect(at - started).toBeGreaterThanOrEqual(debounceMs);
    expect(at - started).toBeLessThan(500);
    await board.close();
  });

  it('turns pressAndHold past the threshold into one long-press and no press', async () => {
    const { clock, board } = simulated();
    const events: string[] = [];
    board.buttons.answer.on('press', () => events.push('press'));
    board.buttons.answer.on('long-press', () => events.push('long-press'));
    const held = board.pressAndHold('answer', 2_000);
    await clock.advanceSettling(longPressMs + debounceMs);
    expect(events).toEqual(['long-press']);
    await clock.advanceSettling(1_000);
    await held;
    expect(events).toEqual(['long-press']);
  });

  it('reports every change and button event to onChange listeners, in order', async () => {
    const { clock, board } = simulated();
    const changes: SimulatedChange[] = [];
    const off = board.onChange((change) => changes.push(change));
    board.press('answer');
    await clock.advanceSettling(200);
    await board.leds.nightWatch.set('blink-slow');
    await board.screen.setBrightness(40);
    await board.speaker.play('ring');
    await board.speaker.play('ring');
    off();
    await board.screen.setPower(false);
    expect(changes).toEqual([
      { part: 'button', name: 'answer', event: 'press' },
      { part: 'led', name: 'nightWatch', pattern: 'blink-slow' },
      { part: 'screen', state: { on: true, brightness: 40 } },
      { part: 'speaker', state: { tone: 'ring', ringing: true, volume: 80 } },
    ]);
  });

  it('keeps reporting to other listeners when one throws', async () => {
    const { board } = simulated();
    const seen: string[] = [];
    board.onChange(() => {
      throw new Error('listener bug');
    });
    board.onChange((change) => seen.push(change.part));
    await board.screen.setPower(false);
    expect(seen).toEqual(['screen']);
  });

  it('gives a snapshot a dev page can render', async () => {
    const { clock, board } = simulated();
    await board.leds.status.set('on');
    const held = board.pressAndHold('nightWatch', 100);
    await clock.advanceSettling(debounceMs);
    expect(board.snapshot()).toEqual({
      buttons: { answer: { pressed: false }, nightWatch: { pressed: true } },
      leds: { status: { pattern: 'on', lit: true }, nightWatch: { pattern: 'off', lit: false } },
      screen: { on: true, brightness: 100 },
      speaker: { tone: null, ringing: false, volume: 80 },
    });
    await clock.advanceSettling(200);
    await held;
  });

  it('refuses an unknown button name and out-of-order edges', async () => {
    const { board } = simulated();
    expect(() => board.press('bell' as ButtonName)).toThrowError(/unknown button/);
    const error = await board
      .bounce('answer', [
        { level: 1, atMs: 10 },
        { level: 0, atMs: 5 },
      ])
      .catch((e: unknown) => e);
    expect(isHardwareError(error, 'invalid_argument')).toBe(true);
  });

  it('refuses a long-press threshold not above the debounce window', () => {
    expect(() => createSimulatedBoard({ debounceMs: 50, longPressMs: 50, logger })).toThrowError(
      /longPressMs/,
    );
  });

  it('leaves no timer behind and settles pending holds on close', async () => {
    const { clock, board } = simulated();
    await board.leds.status.set('blink-fast');
    await board.speaker.play('not-reached');
    const held = board.pressAndHold('answer', 5_000);
    board.press('nightWatch');
    await board.close();
    await held;
    expect(clock.pending).toBe(0);
    expect(() => board.press('answer')).toThrowError(/closed/);
  });
});
