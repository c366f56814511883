import type { DeviceStateName } from '@screenvisit/protocol';
import type { Logger } from './logger.js';

/**
 * The kiosk's states as a typed table (docs/protocol.md lists the same table). Every step is a named event;
 * the table says which events each state accepts and where they lead. Anything else is refused and logged,
 * so a late `call.ended` or a double button press can never put the kiosk in an impossible state.
 */
export interface DeviceEvents {
  /** A credential exists (loaded at start-up or just obtained). */
  enrolled: undefined;
  /** A button press turns the screen on. */
  wake: undefined;
  /** The screen-on delay ran out. */
  sleep: undefined;
  /** call.incoming arrived. */
  incoming: undefined;
  /** The night-watch button placed a call (the kiosk is the caller). */
  place: undefined;
  /** The answer button (or the auto-answer countdown) accepted the call. */
  answer: undefined;
  /** The media engine reports audio/video flowing. */
  media_up: undefined;
  /** This side ends the call: hang-up or decline press, or a connect timeout. */
  hangup: undefined;
  /** The cloud ended the call (call.ended, call.taken). */
  remote_end: undefined;
  /** Ring, media and screen are back to rest. */
  ended: undefined;
  /** A wipe command, or the broker revoked the credential. */
  wipe: undefined;
  /** Credential, config and caches are erased. */
  wiped: undefined;
}
export type DeviceEvent = keyof DeviceEvents;

const endable = { hangup: 'ending', remote_end: 'ending', wipe: 'wiping' } as const;

export const TRANSITIONS: Record<DeviceStateName, Partial<Record<DeviceEvent, DeviceStateName>>> = {
  unenrolled: { enrolled: 'asleep' },
  asleep: { wake: 'idle', incoming: 'ringing', place: 'connecting', wipe: 'wiping' },
  idle: { sleep: 'asleep', incoming: 'ringing', place: 'connecting', wipe: 'wiping' },
  ringing: { answer: 'connecting', ...endable },
  connecting: { media_up: 'in_call', ...endable },
  in_call: endable,
  ending: { ended: 'idle', wipe: 'wiping' },
  wiping: { wiped: 'unenrolled' },
};

export function nextState(from: DeviceStateName, event: DeviceEvent): DeviceStateName | null {
  return TRANSITIONS[from][event] ?? null;
}

export interface StateMachine {
  readonly state: DeviceStateName;
  /** Take the step if the table allows it; returns false (and logs) when it does not. */
  transition(event: DeviceEvent): boolean;
  can(event: DeviceEvent): boolean;
}

export function createStateMachine(options: {
  initial: DeviceStateName;
  log: Logger;
  /** Runs after every change: republish the retained state, redraw the screen. */
  onChange: (to: DeviceStateName, from: DeviceStateName, event: DeviceEvent) => void;
}): StateMachine {
  let state = options.initial;
  const log = options.log.child({ module: 'state' });

  // The one setter: every change is logged as old -> new and announced.
  function setState(to: DeviceStateName, event: DeviceEvent) {
    const from = state;
    state = to;
    log.info({ from, to, event }, `${from} -> ${to}`);
    options.onChange(to, from, event);
  }

  return {
    get state() {
      return state;
    },
    can: (event) => nextState(state, event) !== null,
    transition(event) {
      const to = nextState(state, event);
      if (to === null) {
        log.warn({ state, event }, `refused illegal step: ${event} in ${state}`);
        return false;
      }
      setState(to, event);
      return true;
    },
  };
}
