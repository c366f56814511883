import { useEffect, useRef, useState } from 'preact/hooks';
import { fetchSession } from './auth-api.js';
import { isWarning, secondsLeft } from './idle.js';
import { createIdleWatch, type EndReason, type IdleState, type IdleWatch } from './idle-watch.js';

export interface IdleView {
  readonly state: IdleState | null;
  readonly warning: boolean;
  readonly seconds: number;
  readonly stayLoggedIn: () => Promise<void>;
}

/** The idle watch for a logged-in page, with a 1 s tick that drives the countdown on screen. */
/** `generation`: a new value starts a new watch (after a locked console was unlocked). */
export function useIdleWatch(onEnded: (reason: EndReason) => void, generation = 0): IdleView {
  const [state, setState] = useState<IdleState | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const watch = useRef<IdleWatch | null>(null);
  const ended = useRef(onEnded);
  ended.current = onEnded;

  useEffect(() => {
    const w = createIdleWatch(
      {
        fetchSession,
        now: () => Date.now(),
        setTimeout: (fn, ms) => window.setTimeout(fn, ms),
        clearTimeout: (handle) => window.clearTimeout(handle as number),
      },
      {
        onUpdate: (next) => {
          setState(next);
          setNow(Date.now());
        },
        onEnded: (reason) => ended.current(reason),
      },
    );
    watch.current = w;
    void w.start();
    const tick = window.setInterval(() => setNow(Date.now()), 1_000);
    return () => {
      window.clearInterval(tick);
      w.stop();
    };
  }, [generation]);

  return {
    state,
    warning: state !== null && isWarning(state.times, now),
    seconds: state ? secondsLeft(state.times, now) : 0,
    stayLoggedIn: () => watch.current?.stayLoggedIn() ?? Promise.resolve(),
  };
}
