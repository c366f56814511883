import * as z from 'zod/mini';
import { browserResumeStore, type ResumeStore } from '../../shared/call/call-resume.js';

/**
 * The planned visit whose outcome the staff member still owes after a call from the plan (issue 15: a reload
 * lost the outcome form). Kept in sessionStorage beside the call's resume data (call-resume.ts): it survives
 * a reload of this tab, is not shared with other tabs and is gone when the tab closes. Ids only, read back
 * through zod (sessionStorage is a boundary like any other).
 */
const KEY = 'sv.staff.pendingOutcome';

const PendingOutcome = z.object({
  slotId: z.string().check(z.minLength(1), z.maxLength(100)),
  callId: z.nullable(z.string().check(z.minLength(1), z.maxLength(100))),
});
export type PendingOutcome = z.infer<typeof PendingOutcome>;

export function loadPendingOutcome(
  store: ResumeStore | undefined = browserResumeStore(),
): PendingOutcome | null {
  try {
    const raw = store?.getItem(KEY);
    if (!raw) return null;
    const parsed = PendingOutcome.safeParse(JSON.parse(raw) as unknown);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Remembers the slot; a call id once the call has one (a later save without one keeps it). */
export function savePendingOutcome(
  slotId: string,
  callId: string | undefined,
  store: ResumeStore | undefined = browserResumeStore(),
): void {
  const before = loadPendingOutcome(store);
  const keep = before?.slotId === slotId ? before.callId : null;
  const value: PendingOutcome = { slotId, callId: callId ?? keep };
  try {
    store?.setItem(KEY, JSON.stringify(value));
  } catch {
    // A full or refused storage: a reload then loses the form, as before.
  }
}

export function clearPendingOutcome(store: ResumeStore | undefined = browserResumeStore()): void {
  try {
    store?.removeItem(KEY);
  } catch {
    // Nothing kept, nothing to clear.
  }
}
