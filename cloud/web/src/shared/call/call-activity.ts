import { useEffect } from 'preact/hooks';

/**
 * A call keeps its person's login session alive: talking is not being idle, and the municipality's idle logout
 * (cloud/src/auth/session-store.ts sessionDenial) would otherwise end the session mid-call, the cloud would
 * close the signalling socket with it, and a 30-minute home-guide visit would be cut off at the idle timeout.
 * Signalling over the socket does not count as activity (only requests do), so while a call rings or runs the
 * page makes one ordinary (non-passive) session request this often; the idle logout resumes once it ends.
 */
export const CALL_ACTIVITY_MS = 60_000;

interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(id: unknown): void;
}

/** Calls `keepAlive` now and every `everyMs` until the returned stop is called. */
export function startCallActivity(
  keepAlive: () => void,
  everyMs: number = CALL_ACTIVITY_MS,
  timers: Timers = {
    setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
    clearInterval: (id) => globalThis.clearInterval(id as ReturnType<typeof setInterval>),
  },
): () => void {
  keepAlive();
  const id = timers.setInterval(keepAlive, everyMs);
  return () => timers.clearInterval(id);
}

/** While `inCall`, keeps the session alive (startCallActivity); stops when the call ends or the view goes. */
export function useCallActivity(inCall: boolean, keepAlive: () => void): void {
  useEffect(() => (inCall ? startCallActivity(keepAlive) : undefined), [inCall, keepAlive]);
}
