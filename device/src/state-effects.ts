import type { Board, LedPattern } from '@screenvisit/hardware';
import type { DeviceStateName } from '@screenvisit/protocol';
import type { CachedSettings } from './data-store.js';

/**
 * What the hardware does in each state, as one table: entering a state sets screen power, ring and the status
 * LED together, so no code path can leave the speaker ringing in `idle` or the screen dark while `ringing`.
 */
export interface HardwareLook {
  readonly screenOn: boolean;
  readonly ringing: boolean;
  readonly statusLed: LedPattern;
}

export const STATE_LOOK: Record<DeviceStateName, HardwareLook> = {
  // Unenrolled keeps the screen on: it tells whoever set the box up what is missing.
  unenrolled: { screenOn: true, ringing: false, statusLed: 'blink-slow' },
  asleep: { screenOn: false, ringing: false, statusLed: 'off' },
  idle: { screenOn: true, ringing: false, statusLed: 'off' },
  ringing: { screenOn: true, ringing: true, statusLed: 'blink-fast' },
  connecting: { screenOn: true, ringing: false, statusLed: 'blink-slow' },
  in_call: { screenOn: true, ringing: false, statusLed: 'on' },
  ending: { screenOn: true, ringing: false, statusLed: 'off' },
  wiping: { screenOn: true, ringing: false, statusLed: 'blink-slow' },
};

/**
 * The night-watch button's lamp: lit while a press would reach the night watch, so a resident finds the button in
 * a dark room and a lamp that is out says the button does nothing now. Out when no pool is configured (a press
 * only explains that night watch is off), during a call (the button is ignored then: call-controller.ts), before
 * enrolment and while wiping. Steady, never blinking: a blinking lamp reads as "something is wrong" or "it is
 * calling" to a resident woken at night, and the status lamp already blinks for the call itself.
 */
export function nightWatchLed(state: DeviceStateName, settings: CachedSettings): LedPattern {
  const armed = settings.nightWatch.enabled && settings.nightWatch.poolId !== undefined;
  return armed && (state === 'idle' || state === 'asleep') ? 'on' : 'off';
}

export async function applyLook(board: Board, look: HardwareLook): Promise<void> {
  // Ring off before anything else: the one effect a resident must never be left with.
  if (!look.ringing) await board.speaker.stopRinging();
  await board.screen.setPower(look.screenOn);
  await board.leds.status.set(look.statusLed);
  if (look.ringing) await board.speaker.startRinging();
}

/**
 * Runs hardware effects one after another in call order, so quick state changes (ringing -> connecting)
 * cannot finish out of order. A failing part is logged, never thrown at the state machine.
 */
export function createEffectQueue(onError: (error: unknown) => void) {
  let tail: Promise<void> = Promise.resolve();
  return {
    run(effect: () => Promise<void>): Promise<void> {
      tail = tail.then(effect).catch(onError);
      return tail;
    },
    idle: () => tail,
  };
}
