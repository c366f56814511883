import type { Slot } from './day-plan-api.js';

/**
 * The next call on today's plan (marked "Næste"): the first visit in the plan's order (by time, as the cloud sends
 * it) with no outcome yet, also one whose time has passed: it is still the one to do (or record) next.
 */
export function nextSlotId(slots: readonly Pick<Slot, 'id' | 'outcome'>[]): string | undefined {
  return slots.find((s) => s.outcome === null)?.id;
}

/**
 * A visit whose call connected but whose outcome nobody recorded: the form after the call is gone once the tab
 * closes, the staff member logs out or is logged out for idleness (walk from npm start: Jonas talked with Aase
 * for a minute, logged in again, and the plan showed her visit as untouched, "4 af 4 opkald mangler"). The
 * cloud knows the call connected (slot.connected, the statistics' own rule in care/day-plan/connected.ts), so
 * the row says so and asks the question again; the outcome itself stays the staff member's word (issue 13).
 */
export function owesOutcome(slot: Pick<Slot, 'outcome' | 'connected'>): boolean {
  return slot.outcome === null && slot.connected;
}
