import { useEffect, useState } from 'preact/hooks';

export interface Polled<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly updatedAt: Date | undefined;
}

/**
 * Loads now, then again `intervalMs` after each answer (a slow server never gets overlapping requests).
 * The last good data stays on screen while a later load fails, so a short outage does not blank the figures.
 * `paused`: a page kept mounted but hidden asks nothing (its data stays); it loads at once when unpaused.
 */
export function usePolling<T>(
  load: (signal: AbortSignal) => Promise<T>,
  intervalMs: number,
  paused = false,
): Polled<T> {
  const [state, setState] = useState<Polled<T>>({ data: undefined, error: undefined, updatedAt: undefined });
  useEffect(() => {
    if (paused) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const data = await load(abort.signal);
        setState({ data, error: undefined, updatedAt: new Date() });
      } catch (error) {
        if (abort.signal.aborted) return;
        setState((s) => ({ ...s, error }));
      }
      if (!abort.signal.aborted) timer = setTimeout(tick, intervalMs);
    };
    void tick();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [load, intervalMs, paused]);
  return state;
}
