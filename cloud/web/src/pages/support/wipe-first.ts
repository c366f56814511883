import type { DeviceDetail, DeviceSummary } from './devices-api.js';

/**
 * Taken back from a citizen and not wiped since (the cloud's returnedUnwipedAt): it still holds her contacts, so
 * the cloud lends it to nobody but her before a wipe (cloud/src/devices/lifecycle.ts mustWipeBeforeLending). The
 * list's status says "Taget retur – skal slettes før næste udlån", not "På lager".
 */
export function returnedUnwiped(
  d: Pick<DeviceSummary, 'lifecycle'> & Partial<Pick<DeviceSummary, 'returnedUnwipedAt'>>,
): boolean {
  return d.lifecycle === 'enrolled' && Boolean(d.returnedUnwipedAt);
}

/**
 * Whether the lend dialog offers "Slet skærmen" first (lend-after-return.tsx): a kiosk returned and not wiped,
 * that could be lent now. The danger zone then leaves its own wipe button out, so the page has one. A kiosk marked
 * lost or in repair shows no lend dialog, so its wipe stays in the danger zone.
 */
export function wipeFirst(
  d: Pick<DeviceDetail, 'lent' | 'heldAs' | 'lifecycle' | 'returnedUnwipedAt'>,
): boolean {
  return !d.lent && d.heldAs === null && returnedUnwiped(d);
}
