import type { Slot } from './day-plan-api.js';

/**
 * The next call on today's plan (marked "Næste"): the first visit in the plan's order (by time, as the cloud sends
 * it) with no outcome yet, also one whose time has passed: it is still the one to do (or record) next.
 */
export function nextSlotId(slots: readonly Pick<Slot, 'id' | 'outcome'>[]): string | undefined {
  return slots.find((s) => s.outcome === null)?.id;
}
