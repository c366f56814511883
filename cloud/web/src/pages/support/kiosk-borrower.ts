import type { DeviceSummary } from './devices-api.js';

/**
 * The kiosk list's "Udlånt til" cell. The borrower's name with her ref, as the citizen card shows it (cloud
 * db/repos/citizen-labels.ts): with 40 kiosks two may be lent to two "Aase Pedersen", and only the ref tells
 * which is which (the ref is searchable in the list and the citizen searches). A kiosk taken from a closed
 * citizen says it is to be fetched (cloud devices/closed-citizen-loan.ts).
 */
export function lentToText(
  t: (key: string, options?: Record<string, string | number>) => string,
  d: Pick<DeviceSummary, 'citizenName'> & Partial<Pick<DeviceSummary, 'citizenRef' | 'collectSince'>>,
): string {
  if (d.citizenName) {
    return d.citizenRef ? t('kiosk.lentTo', { name: d.citizenName, ref: d.citizenRef }) : d.citizenName;
  }
  return d.collectSince ? t('kiosk.toCollect') : t('devices.notLent');
}
