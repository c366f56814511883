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
 * `passive` (the load's second argument): false for the first load, which a person caused (opened the page,
 * came back to it, acted on it); true for every re-read after it, which the loader must send with the passive
 * header (shared/api.ts PASSIVE): the customer's idle logout counts only a person's own doings, and a page left
 * open re-reading itself is not one (auth/session-middleware.ts).
 */
export function usePolling<T>(
  load: (signal: AbortSignal, passive: boolean) => Promise<T>,
  intervalMs: number,
  paused = false,
): Polled<T> {
  const [state, setState] = useState<Polled<T>>({ data: undefined, error: undefined, updatedAt: undefined });
  useEffect(() => {
    if (paused) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let first = true;
    const tick = async () => {
      const passive = !first;
      first = false;
      try {
        const data = await load(abort.signal, passive);
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
