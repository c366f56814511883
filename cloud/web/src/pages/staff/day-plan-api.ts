import { z } from 'zod/mini';
import { apiFetch, PASSIVE } from '../../shared/api.js';

/** The care API's day plan (cloud/src/care-api/day-plan/routes.ts): today's list and the outcome of a slot. */
const Slot = z.object({
  id: z.string(),
  citizenId: z.string(),
  citizenName: z.string(),
  citizenOnline: z.boolean(),
  unitName: z.string(),
  type: z.enum(['medicine', 'reassurance', 'conversation', 'training']),
  localTime: z.string(),
  outcome: z.nullable(z.enum(['completed', 'no_answer', 'cancelled'])),
  cancelReason: z.nullable(z.string()),
  completedVia: z.nullable(z.enum(['screen_call', 'phone', 'on_site'])),
  connected: z.boolean(),
});
export type Slot = z.infer<typeof Slot>;
export type SlotOutcome =
  | { outcome: 'completed'; via?: 'phone' | 'on_site' }
  | { outcome: 'no_answer' }
  | { outcome: 'cancelled'; reason: string };

/** `passive`: the page's own re-read, which must not count as the person's activity (shared/api.ts PASSIVE). */
export function fetchToday(signal?: AbortSignal, passive = false): Promise<Slot[]> {
  return apiFetch('/api/day-plan/today', {
    parse: (j) => z.array(Slot).parse(j),
    ...(signal ? { signal } : {}),
    ...(passive ? { headers: PASSIVE } : {}),
  });
}

export function recordOutcome(csrfToken: string, slotId: string, outcome: SlotOutcome): Promise<Slot> {
  return apiFetch(`/api/day-plan/slots/${encodeURIComponent(slotId)}/outcome`, {
    method: 'POST',
    headers: { 'x-csrf-token': csrfToken },
    body: outcome,
    parse: (j) => Slot.parse(j),
  });
}

/** One slot, including whether a call placed for it connected (asked by the outcome form after a call). */
export function fetchSlot(slotId: string, signal?: AbortSignal): Promise<Slot> {
  return apiFetch(`/api/day-plan/slots/${encodeURIComponent(slotId)}`, {
    parse: (j) => Slot.parse(j),
    ...(signal ? { signal } : {}),
  });
}
