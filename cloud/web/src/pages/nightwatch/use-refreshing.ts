import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Refreshing<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  /** Load again now (after an action changed what is shown). */
  readonly refresh: () => void;
  /** Show an answer the server already gave (e.g. the on-duty list a duty change returns). */
  readonly set: (data: T) => void;
}

/**
 * Like shared usePolling, plus refresh() and set(): loads now, then `intervalMs` after each answer. The last
 * good data stays while a later load fails. `key` restarts it (another pool); `null` pauses it, refresh()
 * included: a LOCKED console reads nothing, since every read would be refused (a 401 every few seconds for as
 * long as the lock lasts; night-watch walk). Back to a key, it loads at once.
 */
export function useRefreshing<T>(
  load: (signal: AbortSignal) => Promise<T>,
  intervalMs: number,
  key: string | null,
): Refreshing<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown }>({
    data: undefined,
    error: undefined,
  });
  const kick = useRef<() => void>(() => undefined);
  useEffect(() => {
    if (key === null) {
      kick.current = () => undefined;
      return;
    }
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      clearTimeout(timer);
      try {
        const data = await load(abort.signal);
        if (!abort.signal.aborted) setState({ data, error: undefined });
      } catch (error) {
        if (abort.signal.aborted) return;
        setState((s) => ({ ...s, error }));
      }
      if (!abort.signal.aborted) timer = setTimeout(tick, intervalMs);
    };
    kick.current = () => void tick();
    void tick();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
    // `load` is recreated per render by callers; the key says when it really changed.
  }, [key, intervalMs]);
  const refresh = useCallback(() => kick.current(), []);
  const set = useCallback((data: T) => setState({ data, error: undefined }), []);
  return { ...state, refresh, set };
}
