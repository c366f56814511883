import type { DeviceSummary } from './devices-api.js';

type T = (key: string, options?: Record<string, string | number>) => string;
type Borrower = Pick<DeviceSummary, 'lent'> & Partial<Pick<DeviceSummary, 'citizenName' | 'citizenRef'>>;

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
 * says it is to be fetched (cloud devices/closed-citizen-loan.ts). A lent kiosk whose borrower the API does not
 * name (vendor support: GET /api/devices leaves out name, id and ref) is lent to "a citizen", never "not lent".
 */
export function lentToText(t: T, d: Borrower & Partial<Pick<DeviceSummary, 'collectSince'>>): string {
  if (d.citizenName) return borrowerName(t, d);
  if (d.lent) return t('kiosk.lentToSomeone');
  return d.collectSince ? t('kiosk.toCollect') : t('devices.notLent');
}

/**
 * The kiosk page's loan line, "Udlånt til Aase Pedersen (Ref. 1A2B3C).": the same borrower text as the list, so
 * support opening a kiosk from the list sees which of two namesakes has it. Without a name (vendor support sees
 * none, GDPR minimum data) it says "Udlånt til en borger.", never "Udlånt til ." with a hole where the name was.
 */
export function lentToLine(t: T, d: Borrower): string {
  const name = borrowerName(t, d);
  return name ? t('lend.current', { name }) : t('lend.currentNoName');
}

/**
 * What the kiosk page says while the kiosk waits to be fetched from a closed citizen's home, by what closing her
 * did to it (cloud db/repos/collect-wipe.ts): wiped remotely; not wiped yet (it wipes itself at its next
 * connection); or never enrolled, so nothing was on it. An older cloud that does not say is read as wiped, the
 * one case closing always meant before.
 */
export function collectText(t: T, d: Partial<Pick<DeviceSummary, 'collectWipe'>>): string {
  if (d.collectWipe === 'pending') return t('kiosk.collectTextPending');
  if (d.collectWipe === 'none') return t('kiosk.collectTextUnenrolled');
  return t('kiosk.collectText');
}
