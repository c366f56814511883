import type { SessionInfo } from './auth-api.js';

/**
 * The idle-logout countdown, from the server's own times. The server says when it will log the person out
 * (`idleExpiresAt`), on its clock. The browser's clock may be off, so it is never compared with that directly:
 * an ACTIVE answer (one that counted as activity) was computed as "now + idleTimeoutSeconds" on the server, which
 * tells us the server's "now" and so the offset between the two clocks. Between answers the browser only counts
 * down (WCAG 2.2.1 Timing Adjustable: warn and let the person extend, with at least 20 s to do so).
 */
export const WARNING_LEAD_MS = 60_000;
export const POLL_MS = 10_000;
/** While the warning shows, poll more often: activity in another tab extends the session and should close it. */
export const WARNING_POLL_MS = 5_000;

export interface IdleTimes {
  readonly idleExpiresAtMs: number;
  readonly idleTimeoutMs: number;
  /** server clock minus browser clock */
  readonly skewMs: number;
}

/** null when the answer is no live session, or lacks the times. */
export function readIdleTimes(
  session: SessionInfo,
  clientNowMs: number,
  previous: IdleTimes | null,
  active: boolean,
): IdleTimes | null {
  if (!session.authenticated || !session.idleExpiresAt || session.idleTimeoutSeconds === undefined)
    return null;
  const idleExpiresAtMs = Date.parse(session.idleExpiresAt);
  if (Number.isNaN(idleExpiresAtMs)) return null;
  const idleTimeoutMs = session.idleTimeoutSeconds * 1000;
  const expiresAtMs = session.expiresAt ? Date.parse(session.expiresAt) : Number.POSITIVE_INFINITY;
  // Capped by the absolute lifetime, idleExpiresAt no longer reveals the server's "now": keep the old offset.
  const calibrates = active && idleExpiresAtMs < expiresAtMs;
  const skewMs = calibrates ? idleExpiresAtMs - idleTimeoutMs - clientNowMs : (previous?.skewMs ?? 0);
  return { idleExpiresAtMs, idleTimeoutMs, skewMs };
}

export function remainingMs(times: IdleTimes, clientNowMs: number): number {
  return times.idleExpiresAtMs - (clientNowMs + times.skewMs);
}

/** 60 s before, or half the timeout when it is that short (a 1-minute timeout would otherwise always warn). */
export function warningLeadMs(times: IdleTimes): number {
  return Math.min(WARNING_LEAD_MS, times.idleTimeoutMs / 2);
}

export function isWarning(times: IdleTimes, clientNowMs: number): boolean {
  return remainingMs(times, clientNowMs) <= warningLeadMs(times);
}

/** The next passive poll: at the latest when the warning is due, never more often than once a second. */
export function nextPollMs(times: IdleTimes, clientNowMs: number): number {
  const left = remainingMs(times, clientNowMs);
  const untilWarning = left - warningLeadMs(times);
  if (untilWarning > 0) return Math.max(1_000, Math.min(POLL_MS, untilWarning));
  return Math.max(1_000, Math.min(WARNING_POLL_MS, left));
}

/** Whole seconds for the warning text, never below 0. */
export function secondsLeft(times: IdleTimes, clientNowMs: number): number {
  return Math.max(0, Math.ceil(remainingMs(times, clientNowMs) / 1000));
}
