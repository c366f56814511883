import * as z from 'zod/mini';

/**
 * A page reload in the middle of a call (issue 15 §4). The cloud keeps an answered call `reconnecting` for
 * its resume grace when a party's WebSocket closes, and gives the SAME call back to a new connection that
 * says `hello { resumeToken }` with the old connection's token (cloud/src/calls/reconnect.ts). A reload
 * loses everything in memory, so the token and the running call are kept in sessionStorage: it survives a
 * reload of this tab, is not shared with other tabs, and is gone when the tab closes. No personal data
 * beyond the other person's display name (already on screen) is kept.
 *
 * What is stored is read back through zod: sessionStorage is a boundary like any other.
 */
export type ResumeStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const TOKEN_KEY = 'sv.call.resumeToken';
const CALL_KEY = 'sv.call.current';

const StoredCall = z.object({
  callId: z.string().check(z.minLength(1), z.maxLength(100)),
  role: z.enum(['caller', 'callee']),
  name: z.string().check(z.maxLength(200)),
});
export type StoredCall = z.infer<typeof StoredCall>;

/** How long a restored call waits for the cloud's `call.accepted` after `welcome` before it counts as lost. */
export const RESUME_CONFIRM_MS = 5_000;

/** sessionStorage where the browser has it (a private window may refuse it): then a reload ends the call. */
export function browserResumeStore(): ResumeStore | undefined {
  try {
    const s = window.sessionStorage;
    s.getItem(TOKEN_KEY);
    return s;
  } catch {
    return undefined;
  }
}

function safely<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

export function loadResumeToken(store: ResumeStore | undefined): string | undefined {
  const token = store ? safely(() => store.getItem(TOKEN_KEY), null) : null;
  return token && token.length <= 200 ? token : undefined;
}

export function saveResumeToken(store: ResumeStore | undefined, token: string): void {
  if (store) safely(() => store.setItem(TOKEN_KEY, token), undefined);
}

export function loadCall(store: ResumeStore | undefined): StoredCall | null {
  const raw = store ? safely(() => store.getItem(CALL_KEY), null) : null;
  if (!raw) return null;
  const parsed = StoredCall.safeParse(safely(() => JSON.parse(raw) as unknown, null));
  return parsed.success ? parsed.data : null;
}

export function saveCall(store: ResumeStore | undefined, call: StoredCall | null): void {
  if (!store) return;
  safely(
    () => (call ? store.setItem(CALL_KEY, JSON.stringify(call)) : store.removeItem(CALL_KEY)),
    undefined,
  );
}

/**
 * Logging out, or handing the console to another person: nothing of this person's call may be resumed by
 * the next page in this tab (the cloud would refuse another person's token anyway, calls/reconnect.ts).
 */
export function forgetResume(store: ResumeStore | undefined): void {
  if (!store) return;
  safely(() => store.removeItem(TOKEN_KEY), undefined);
  safely(() => store.removeItem(CALL_KEY), undefined);
}

/**
 * A call restored after a reload waits for the cloud: it resumes calls while answering `hello`, so no
 * `call.accepted` within RESUME_CONFIRM_MS of `welcome` means the call ended meanwhile (`lost`).
 */
/** signalling.ts's Timers, restated: signalling.ts imports this module, and imports must not cycle. */
interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export class ResumeWatch {
  private pending: { callId: string; timer: unknown } | null = null;

  constructor(
    private readonly timers: Timers,
    private readonly lost: (callId: string) => void,
  ) {}

  restored(callId: string): void {
    this.pending = { callId, timer: undefined };
  }

  welcome(): void {
    const p = this.pending;
    if (!p) return;
    this.timers.clearTimeout(p.timer);
    p.timer = this.timers.setTimeout(() => {
      this.pending = null;
      this.lost(p.callId);
    }, RESUME_CONFIRM_MS);
  }

  confirmed(callId: string): void {
    if (this.pending?.callId !== callId) return;
    this.timers.clearTimeout(this.pending.timer);
    this.pending = null;
  }

  dispose(): void {
    if (this.pending) this.timers.clearTimeout(this.pending.timer);
    this.pending = null;
  }
}
