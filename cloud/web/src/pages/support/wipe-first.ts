import type { DeviceDetail } from './devices-api.js';

/**
 * Whether the lend dialog offers "Slet skærmen" first (lend-after-return.tsx): a kiosk taken back from a citizen
 * and not wiped since (the cloud's returnedUnwipedAt), that could be lent now. The danger zone then leaves its
 * own wipe button out, so the page has one. A kiosk marked lost or in repair shows no lend dialog, so its wipe
 * stays in the danger zone.
 */
export function wipeFirst(
  d: Pick<DeviceDetail, 'lent' | 'heldAs' | 'lifecycle' | 'returnedUnwipedAt'>,
): boolean {
  return !d.lent && d.heldAs === null && d.lifecycle === 'enrolled' && Boolean(d.returnedUnwipedAt);
}
