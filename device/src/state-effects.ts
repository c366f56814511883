import type { Board, LedPattern } from '@screenvisit/hardware';
import type { DeviceStateName } from '@screenvisit/protocol';
import type { CachedSettings } from './data-store.js';
import { isCallableAt } from './night-watch-hours.js';

/**
 * What the hardware does in each state, as one table: entering a state sets screen power, ring and the status
 * LED together, so no code path can leave the speaker ringing in `idle` or the screen dark while `ringing`.
 * The ringback (the kiosk's own call ringing out) is started and stopped by call-controller.ts, which alone
 * knows when the night watch answers; the table says where it may sound at all, and every other state
 * silences it, so a missed stop can never leave it looping over a call or at rest.
 */
export interface HardwareLook {
  readonly screenOn: boolean;
  readonly ringing: boolean;
  readonly ringbackAllowed: boolean;
  readonly statusLed: LedPattern;
}

const silent = { ringing: false, ringbackAllowed: false } as const;

export const STATE_LOOK: Record<DeviceStateName, HardwareLook> = {
  // Unenrolled keeps the screen on: it tells whoever set the box up what is missing.
  unenrolled: { screenOn: true, ...silent, statusLed: 'blink-slow' },
  asleep: { screenOn: false, ...silent, statusLed: 'off' },
  idle: { screenOn: true, ...silent, statusLed: 'off' },
  ringing: { screenOn: true, ringing: true, ringbackAllowed: false, statusLed: 'blink-fast' },
  // The night-watch call rings out here (place -> connecting) until a console accepts it.
  connecting: { screenOn: true, ringing: false, ringbackAllowed: true, statusLed: 'blink-slow' },
  in_call: { screenOn: true, ...silent, statusLed: 'on' },
  ending: { screenOn: true, ...silent, statusLed: 'off' },
  wiping: { screenOn: true, ...silent, statusLed: 'blink-slow' },
};

/**
 * The night-watch button's lamp: lit while a press would reach the night watch, so a resident finds the button in
 * a dark room and a lamp that is out says the button does nothing now. Out when no pool is configured (a press
 * only explains that night watch is off), outside the hours she may call it (`nightWatch.windows`: a press then
 * only hears "Du kan ringe igen …"; night-watch-lamp.ts switches it at the hours' edges), during a call (the
 * button is ignored then: call-controller.ts), before enrolment and while wiping. A config without hours (an
 * older cloud, or she may call at any time) lights it whenever a pool is set, as before. The lamp is a hint: the
 * cloud still decides every press, so a kiosk whose clock or hours are off never lets a call through or blocks
 * one. Steady, never blinking: a blinking lamp reads as "something is wrong" or "it is calling" to a resident
 * woken at night, and the status lamp already blinks for the call itself.
 */
export function nightWatchLed(
  state: DeviceStateName,
  settings: CachedSettings,
  epochMs: number,
  timeZone?: string,
): LedPattern {
  const { enabled, poolId, windows } = settings.nightWatch;
  const armed = enabled && poolId !== undefined && (!windows || isCallableAt(windows, epochMs, timeZone));
  return armed && (state === 'idle' || state === 'asleep') ? 'on' : 'off';
}

export async function applyLook(board: Board, look: HardwareLook): Promise<void> {
  // Ring off before anything else: the one effect a resident must never be left with. Only the tones the state
  // rules out: the one-shot "not reached" tone outlives the call's end (ending -> idle) by design.
  if (!look.ringing) await board.speaker.stop('ring');
  if (!look.ringbackAllowed) await board.speaker.stop('ringback');
  await board.screen.setPower(look.screenOn);
  await board.leds.status.set(look.statusLed);
  if (look.ringing) await board.speaker.play('ring');
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
