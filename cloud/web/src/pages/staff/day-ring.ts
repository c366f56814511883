import type { Ring } from '../../shared/call/call-session.js';

/**
 * Whom a ring on the day page (/staff/) is for: `you` (a citizen calling this person, e.g. her home guide), `team`
 * (a citizen calling the person's team: every member logged in rings), `unsaid` (a citizen's call from a cloud
 * that does not say what was dialled). Null: not this page's to answer. A night-watch pool's ring is for the
 * night-watch console (/nightwatch/; the cloud rings only its sockets: calls/night-watch/console-sockets.ts), and
 * the frame of a pool's ring names the resident as its caller, so without `dialled` a day page could not tell it
 * from a citizen calling the team. Staff never call staff (care/permissions/decide.ts).
 */
export type DayRing = 'you' | 'team' | 'unsaid';

export function dayRing(ring: Ring): DayRing | null {
  if (ring.from.kind !== 'citizen') return null;
  if (ring.dialled === undefined) return 'unsaid';
  if (ring.dialled === 'person') return 'you';
  if (ring.dialled === 'team') return 'team';
  return null;
}
