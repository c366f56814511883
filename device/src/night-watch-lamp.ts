import type { LedPattern } from '@screenvisit/hardware';
import type { Clock, ClockTimer, DeviceStateName } from '@screenvisit/protocol';
import type { CachedSettings } from './data-store.js';
import { nextChangeAt } from './night-watch-hours.js';
import { nightWatchLed } from './state-effects.js';

export interface NightWatchLamp {
  /** The lamp's pattern for `state` now; (re)arms the timer for the next edge of the resident's hours. */
  look(state: DeviceStateName): LedPattern;
  stop(): void;
}

/**
 * Keeps the night-watch lamp honest between state changes: the resident's hours (`nightWatch.windows`) open and
 * close while the kiosk rests, so ONE timer on the injected clock is set for the next edge (night-watch-hours.ts
 * nextChangeAt), never a polling loop. Every look() (a state change, a config applied) sets it again from the
 * settings of that moment, so a new config's hours take over at once. A timer that fires before the edge (a
 * clock that drifts) only looks again and sets the next one; `show` puts the pattern on the LED in effect order,
 * and `onEdge` lets the refusal screen follow the hours that just opened (night-watch-refusal.ts).
 */
export function createNightWatchLamp(deps: {
  clock: Clock;
  timeZone?: string | undefined;
  settings(): CachedSettings;
  show(pattern: LedPattern): void;
  /** Told after the timer fired at an edge of her hours and the lamp was set (night-watch-refusal.ts). */
  onEdge?(): void;
}): NightWatchLamp {
  let timer: ClockTimer | null = null;
  let stopped = false;
  // Every state change looks (agent.ts), so the last state looked at is the state the kiosk is in.
  let state: DeviceStateName = 'unenrolled';

  const disarm = () => {
    if (timer !== null) deps.clock.clearTimeout(timer);
    timer = null;
  };

  function look(current: DeviceStateName): LedPattern {
    state = current;
    disarm();
    const now = deps.clock.now();
    const settings = deps.settings();
    const { enabled, poolId, windows } = settings.nightWatch;
    const next = !stopped && enabled && poolId && windows ? nextChangeAt(windows, now, deps.timeZone) : null;
    if (next !== null)
      timer = deps.clock.setTimeout(() => {
        deps.show(look(state));
        deps.onEdge?.();
      }, next - now);
    return nightWatchLed(state, settings, now, deps.timeZone);
  }

  return {
    look,
    stop() {
      stopped = true;
      disarm();
    },
  };
}
