import type { SessionInfo } from './auth-api.js';
import {
  type IdleTimes,
  nextPollMs,
  POLL_MS,
  readIdleTimes,
  remainingMs,
  WARNING_POLL_MS,
  warningLeadMs,
} from './idle.js';

/** Timers and the session call are injected so the unit test drives them with a fake clock. */
export interface IdleWatchDeps {
  fetchSession(options: { passive: boolean; signal: AbortSignal }): Promise<SessionInfo>;
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface IdleState {
  readonly session: SessionInfo;
  readonly times: IdleTimes;
}

/**
 * idle: the server ended the session after the countdown ran out; ended: it ended for another reason; locked:
 * the person is on night-watch duty, so the server locked the session instead (issue 10 §1).
 */
export type EndReason = 'idle' | 'ended' | 'locked';

export interface IdleWatch {
  /** An ACTIVE session call (it counts as activity and calibrates the clocks). */
  start(): Promise<void>;
  /** "Stay logged in": a real request that counts as activity, so the server moves idleExpiresAt on. */
  stayLoggedIn(): Promise<void>;
  stop(): void;
}

/**
 * Polls GET /api/auth/session PASSIVELY (x-sv-passive, so the poll itself is not activity) and reports each
 * answer; ends when the server says the session is gone. Activity in another tab moves idleExpiresAt on, which
 * the next poll picks up. A failed poll (network blip) keeps the last times and tries again soon.
 */
export function createIdleWatch(
  deps: IdleWatchDeps,
  listener: { onUpdate(state: IdleState): void; onEnded(reason: EndReason): void },
): IdleWatch {
  const abort = new AbortController();
  let times: IdleTimes | null = null;
  let timer: unknown;
  let stopped = false;

  const schedule = (ms: number) => {
    deps.clearTimeout(timer);
    if (!stopped) timer = deps.setTimeout(() => void check(false), ms);
  };

  const stop = () => {
    stopped = true;
    deps.clearTimeout(timer);
    abort.abort();
  };

  async function check(active: boolean): Promise<void> {
    let session: SessionInfo;
    try {
      session = await deps.fetchSession({ passive: !active, signal: abort.signal });
    } catch {
      if (!stopped) schedule(times ? nextPollMs(times, deps.now()) : POLL_MS);
      return;
    }
    if (stopped) return;
    if (session.locked) {
      stop();
      listener.onEnded('locked');
      return;
    }
    const now = deps.now();
    const next = session.kind === 'staff' ? readIdleTimes(session, now, times, active) : null;
    if (!next) {
      const wasRunningOut =
        times !== null && remainingMs(times, now) <= warningLeadMs(times) + WARNING_POLL_MS;
      stop();
      listener.onEnded(wasRunningOut ? 'idle' : 'ended');
      return;
    }
    times = next;
    listener.onUpdate({ session, times });
    schedule(nextPollMs(times, now));
  }

  return { start: () => check(true), stayLoggedIn: () => check(true), stop };
}
