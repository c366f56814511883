import type { DeviceSummary } from './devices-api.js';
import { returnedUnwiped } from './wipe-first.js';

type Row = Pick<DeviceSummary, 'id' | 'label' | 'lifecycle' | 'lent' | 'heldAs'> &
  Partial<Pick<DeviceSummary, 'returnedUnwipedAt' | 'collectSince'>>;

/**
 * Whether the cloud would lend this kiosk to a new citizen now (cloud devices/inventory.ts lendDevice): on the
 * shelf (registered or enrolled, nobody's), not lost or in repair, and not taken back unwiped (it holds the last
 * borrower's contacts: wipe first, mustWipeBeforeLending). The cloud checks again and answers 409; this only
 * keeps support from being offered a kiosk it would refuse.
 */
export function lendable(d: Row): boolean {
  return (
    !d.lent &&
    d.heldAs === null &&
    !d.collectSince &&
    (d.lifecycle === 'registered' || d.lifecycle === 'enrolled') &&
    !returnedUnwiped(d)
  );
}

/**
 * The kiosks support can lend now, in label order with the numbers read as numbers (KBH-0009 before KBH-0010,
 * KIOSK-2 before KIOSK-10), so "the next free kiosk" is the next box on the shelf. `justLent`: lent a moment ago
 * and not yet shown lent by the list's next re-read, so the same box is never offered twice.
 */
export function freeKiosks<T extends Row>(
  rows: readonly T[],
  justLent: ReadonlySet<string> = new Set(),
): T[] {
  return rows
    .filter((d) => lendable(d) && !justLent.has(d.id))
    .sort((a, b) => a.label.localeCompare(b.label, 'da', { numeric: true }));
}

/** The kiosk support chose, while it is still free; else the next free one (or none). */
export function chosenKiosk<T extends Row>(free: readonly T[], chosenId: string | null): T | null {
  return free.find((d) => d.id === chosenId) ?? free[0] ?? null;
}

/** How many kiosks wait for a wipe before anyone else can have them (the list's "Taget retur" filter). */
export function waitingForWipe(rows: readonly Row[]): number {
  return rows.filter((d) => !d.lent && d.heldAs === null && returnedUnwiped(d)).length;
}
