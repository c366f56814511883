import type { DeviceSummary } from './devices-api.js';

type T = (key: string, options?: Record<string, string | number>) => string;
type Borrower = Pick<DeviceSummary, 'citizenName'> & Partial<Pick<DeviceSummary, 'citizenRef'>>;

/**
 * The borrower's name with her ref, as the citizen card shows it (cloud db/repos/citizen-labels.ts): with 40
 * kiosks two may be lent to two "Aase Pedersen", and only the ref tells which is which (the ref is searchable in
 * the list and the citizen searches). Vendor support sees no ref (and no name): the name alone, or nothing.
 */
function borrowerName(t: T, d: Borrower): string {
  if (!d.citizenName) return '';
  return d.citizenRef ? t('kiosk.lentTo', { name: d.citizenName, ref: d.citizenRef }) : d.citizenName;
}

/**
 * The kiosk list's "Udlånt til" cell: the borrower as borrowerName says her. A kiosk taken from a closed citizen
 * says it is to be fetched (cloud devices/closed-citizen-loan.ts).
 */
export function lentToText(t: T, d: Borrower & Partial<Pick<DeviceSummary, 'collectSince'>>): string {
  if (d.citizenName) return borrowerName(t, d);
  return d.collectSince ? t('kiosk.toCollect') : t('devices.notLent');
}

/**
 * The kiosk page's loan line, "Udlånt til Aase Pedersen (Ref. 1A2B3C).": the same borrower text as the list, so
 * support opening a kiosk from the list sees which of two namesakes has it.
 */
export function lentToLine(t: T, d: Borrower): string {
  return t('lend.current', { name: borrowerName(t, d) });
}
