import type { Clock, ClockTimer } from '@screenvisit/protocol';

export type CallTimerName =
  | 'autoAnswer'
  | 'countdown'
  | 'connect'
  | 'placeAnswer'
  | 'sleep'
  | 'hangupConfirm';
/** Cleared when a call ends; 'sleep' and 'hangupConfirm' (answered-call.ts) outlive it. */
const CALL_TIMERS = ['autoAnswer', 'countdown', 'connect', 'placeAnswer'] as const;

/** The call controller's named timers on the injected clock: one of each name at a time. */
export function createCallTimers(clock: Clock) {
  const timers = new Map<CallTimerName, ClockTimer>();
  function clear(name: CallTimerName) {
    const timer = timers.get(name);
    if (timer !== undefined) clock.clearTimeout(timer);
    timers.delete(name);
  }
  return {
    clear,
    /** Every timer of the call; the screen's sleep timer stays. */
    clearCall: () => {
      for (const name of CALL_TIMERS) clear(name);
    },
    clearAll: () => {
      for (const name of [...timers.keys()]) clear(name);
    },
    set(name: CallTimerName, ms: number, run: () => void) {
      clear(name);
      timers.set(
        name,
        clock.setTimeout(() => {
          timers.delete(name);
          run();
        }, ms),
      );
    },
  };
}

export type CallTimers = ReturnType<typeof createCallTimers>;
