import * as z from 'zod/mini';
import type { CallPhase } from '../../shared/call/call-phase.js';
import { browserResumeStore, type ResumeStore } from '../../shared/call/call-resume.js';
import type { MediaState } from '../../shared/call/media-state.js';

/**
 * The call time on the staff member's call screen (a home guide's call may last 30 minutes): counted from the
 * moment the call is connected (its media first up, as the kiosk counts it: device/src/call-controller.ts), not
 * from the ring, and kept through a bad connection and a reload of the page, which resumes the same call
 * (call-resume.ts). Ids and an instant only, kept in sessionStorage beside the call and read back through zod.
 */
export interface Connected {
  readonly callId: string;
  /** When the media first came up (epoch ms, the browser's clock). */
  readonly at: number;
}

/** The clock the timer reads and ticks on; injected so a test drives it (style.md item 11). */
export interface TimerClock {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const browserTimerClock: TimerClock = {
  now: () => Date.now(),
  setInterval: (fn, ms) => window.setInterval(fn, ms),
  clearInterval: (handle) => window.clearInterval(handle as number),
};

/**
 * When the call on screen was connected: the one kept for the same call (after a reload, or while the connection
 * is bad), else now once its media is up; null while it rings or connects (nothing to count yet) and after it.
 */
export function connectedSince(
  kept: Connected | null,
  phase: CallPhase,
  media: MediaState | null,
  now: number,
): Connected | null {
  if (phase.kind !== 'active') return null;
  if (kept?.callId === phase.callId) return kept;
  return media === 'connected' ? { callId: phase.callId, at: now } : null;
}

const two = (n: number) => String(n).padStart(2, '0');

/** "03:25"; over an hour "1:02:05". The same in Danish and English. */
export function formatCallTime(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(seconds / 3600);
  const mmss = `${two(Math.floor((seconds % 3600) / 60))}:${two(seconds % 60)}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}

/** The same time as an HTML duration ("PT3M25S") for <time datetime>, which a machine reads without guessing. */
export function callTimeDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `PT${Math.floor(seconds / 60)}M${seconds % 60}S`;
}

const KEY = 'sv.staff.callConnected';

const Stored = z.object({
  callId: z.string().check(z.minLength(1), z.maxLength(100)),
  at: z.number().check(z.int(), z.positive()),
});

export function loadConnected(store: ResumeStore | undefined = browserResumeStore()): Connected | null {
  try {
    const raw = store?.getItem(KEY);
    if (!raw) return null;
    const parsed = Stored.safeParse(JSON.parse(raw) as unknown);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveConnected(
  connected: Connected | null,
  store: ResumeStore | undefined = browserResumeStore(),
): void {
  try {
    if (connected) store?.setItem(KEY, JSON.stringify(connected));
    else store?.removeItem(KEY);
  } catch {
    // A full or refused storage: a reload then counts from the reload, as a new page would.
  }
}
