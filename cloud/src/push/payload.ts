import { z } from 'zod';

/**
 * What a push for an incoming call carries, and NOTHING more: a lock screen shows it to anyone holding the
 * phone. `title` is either the municipality's generic line or the caller's first name (PUSH_LOCK_SCREEN);
 * never a surname, role, team or the citizen's own name. The service worker (cloud/web/public/sw.js) reads
 * exactly this shape.
 */
export const CallPush = z.object({
  type: z.literal('call'),
  callId: z.uuid(),
  title: z.string().max(80),
  /** Epoch ms after which the call has stopped ringing: a late push shows nothing. */
  ringsUntil: z.number().int(),
});
export type CallPush = z.infer<typeof CallPush>;

export type LockScreen = 'generic' | 'first_name';

export const GENERIC_TITLE = 'Videoopkald fra kommunen';

/** "Mette Hjemmepleje Jensen" → "Videoopkald fra Mette"; anything odd → the generic line. */
export function callPushTitle(lockScreen: LockScreen, callerDisplayName: string): string {
  if (lockScreen === 'generic') return GENERIC_TITLE;
  const first = callerDisplayName.trim().split(/\s+/)[0] ?? '';
  return first.length > 0 && first.length <= 40 ? `Videoopkald fra ${first}` : GENERIC_TITLE;
}

export function callPush(input: {
  lockScreen: LockScreen;
  callId: string;
  callerDisplayName: string;
  ringsUntil: number;
}): CallPush {
  return {
    type: 'call',
    callId: input.callId,
    title: callPushTitle(input.lockScreen, input.callerDisplayName),
    ringsUntil: input.ringsUntil,
  };
}
