import { describe, expect, it } from 'vitest';
import { createI18n } from '../../shared/i18n.js';
import { lentUnenrolled, lifecycleText } from './device-bits.js';
import { collectText, lentToLine, lentToText } from './kiosk-borrower.js';
import { countByState, filterKiosks, NO_FILTER } from './kiosk-filter.js';
import { supportStrings } from './strings.js';

const da = createI18n(supportStrings, 'da');
const en = createI18n(supportStrings, 'en');

const kiosk = (label: string, more: Record<string, unknown> = {}) => ({
  label,
  lent: false,
  citizenName: null as string | null,
  citizenRef: null as string | null,
  collectSince: null as string | null,
  online: true,
  lifecycle: 'enrolled',
  heldAs: null as 'lost' | 'in_repair' | null,
  ...more,
});

const namesakes = [
  kiosk('KBH-0001', { lifecycle: 'lent', lent: true, citizenName: 'Aase Pedersen', citizenRef: '1A2B3C' }),
  kiosk('KBH-0002', { lifecycle: 'lent', lent: true, citizenName: 'Aase Pedersen', citizenRef: '9F8E7D' }),
  kiosk('KBH-0003', { lifecycle: 'wiping', collectSince: '2026-12-06T23:00:00.000Z' }),
];

describe('the kiosk list tells two citizens with the same name apart', () => {
  it('shows the borrower’s ref beside her name, as the citizen card does', () => {
    const t = da.t;
    expect(lentToText(t, namesakes[0]!)).toBe('Aase Pedersen (Ref. 1A2B3C)');
    expect(lentToText(t, namesakes[1]!)).toBe('Aase Pedersen (Ref. 9F8E7D)');
    expect(lentToText(t, kiosk('KBH-0009'))).toBe('Ikke udlånt');
  });

  it('names the borrower on the kiosk’s page as the list does, ref and all, in Danish and English', () => {
    expect(lentToLine(da.t, namesakes[1]!)).toBe('Udlånt til Aase Pedersen (Ref. 9F8E7D).');
    expect(lentToLine(en.t, namesakes[1]!)).toBe('Lent to Aase Pedersen (Ref. 9F8E7D).');
    // A citizen without a ref is named alone.
    expect(lentToLine(da.t, kiosk('KBH-0004', { lent: true, citizenName: 'Ole Låner' }))).toBe(
      'Udlånt til Ole Låner.',
    );
  });

  it('says a kiosk is lent to a citizen when the API names nobody (vendor support), never "Udlånt til ."', () => {
    // GET /api/devices as vendor_support: `lent` only, no citizenId, citizenName or citizenRef (GDPR minimum data).
    const unnamed = { label: 'KBH-0005', lent: true, lifecycle: 'lent', online: true, heldAs: null };
    expect(lentToLine(da.t, unnamed)).toBe('Udlånt til en borger.');
    expect(lentToLine(en.t, unnamed)).toBe('Lent to a citizen.');
    expect(lentToText(da.t, unnamed)).toBe('En borger');
    expect(lentToText(en.t, unnamed)).toBe('A citizen');
    expect(lentToText(da.t, { ...unnamed, lent: false })).toBe('Ikke udlånt');
  });

  it('says a kiosk from a closed citizen is to be collected, in Danish and English', () => {
    expect(lentToText(da.t, namesakes[2]!)).toBe('Skal hentes: borgeren er lukket');
    expect(lentToText(en.t, namesakes[2]!)).toBe('To be collected: the citizen was closed');
  });

  it('finds the kiosk of one namesake by her ref, and the kiosks to collect by their state', () => {
    const found = filterKiosks(namesakes, { ...NO_FILTER, query: '9f8e7d' }, { names: true });
    expect(found.map((d) => d.label)).toEqual(['KBH-0002']);
    const toCollect = filterKiosks(namesakes, { ...NO_FILTER, state: 'to_collect' }, { names: true });
    expect(toCollect.map((d) => d.label)).toEqual(['KBH-0003']);
  });

  it('never lets vendor support (no names) select a kiosk by a ref it cannot see', () => {
    expect(filterKiosks(namesakes, { ...NO_FILTER, query: '9f8e7d' }, { names: false })).toEqual([]);
  });
});

describe('the kiosk page of a kiosk to collect says what closing the citizen did to it', () => {
  it('says it is wiped remotely, still to wipe itself, or that it never held anything, in Danish and English', () => {
    expect(collectText(da.t, { collectWipe: 'done' })).toBe(
      'Borgeren, der lånte skærmen, er lukket. Lånet er slut, og skærmen er slettet på afstand, så intet om borgeren er tilbage på den. Hent den hos borgeren, og tryk så på knappen.',
    );
    expect(collectText(da.t, { collectWipe: 'pending' })).toBe(
      'Borgeren, der lånte skærmen, er lukket. Lånet er slut, og skærmen kan hverken ringe eller blive ringet op. Den er ikke slettet endnu: den sletter sig selv, så snart den er tændt og på nettet. Hent den hos borgeren, og tryk så på knappen.',
    );
    const never = collectText(da.t, { collectWipe: 'none' });
    expect(never).toBe(
      'Borgeren, der lånte skærmen, er lukket. Lånet er slut. Skærmen blev aldrig tilmeldt, så der er intet på den at slette. Hent den hos borgeren, og tryk så på knappen.',
    );
    expect(never).not.toContain('slettet på afstand');
    expect(collectText(en.t, { collectWipe: 'none' })).toBe(
      'The citizen who borrowed this kiosk was closed. The loan has ended. The kiosk was never enrolled, so there is nothing on it to wipe. Fetch it from the citizen, then press the button.',
    );
  });
});

describe('a kiosk lent before it ever enrolled says it is lent, to vendor support too', () => {
  // GET /api/devices as vendor_support: `lent` and the stored lifecycle (still `registered` until it enrols,
  // cloud devices/lifecycle.ts), no name. Its status was "Registreret, ikke tilmeldt", as if it stood on the shelf.
  const lentNeverEnrolled = {
    label: 'KBH-0010',
    lent: true,
    lifecycle: 'registered',
    online: false,
    heldAs: null,
  };
  const onTheShelf = { ...lentNeverEnrolled, label: 'KBH-0011', lent: false };

  it('says both, lent and not enrolled, in Danish and English; a kiosk on the shelf stays "Registreret"', () => {
    expect(lifecycleText(da.t, lentNeverEnrolled)).toBe('Udlånt, men ikke tilmeldt');
    expect(lifecycleText(en.t, lentNeverEnrolled)).toBe('Lent, but not enrolled');
    expect(lifecycleText(da.t, onTheShelf)).toBe('Registreret, ikke tilmeldt');
    expect(lifecycleText(da.t, { ...lentNeverEnrolled, heldAs: 'lost' })).toBe('Meldt bortkommet');
    expect(lentUnenrolled(onTheShelf)).toBe(false);
  });

  it('is found under "Udlånt" and under "Registreret, ikke tilmeldt", by vendor support as by support', () => {
    const rows = [lentNeverEnrolled, onTheShelf, kiosk('KBH-0001', { lifecycle: 'lent', lent: true })];
    const lent = filterKiosks(rows, { ...NO_FILTER, state: 'lent' }, { names: false });
    expect(lent.map((d) => d.label)).toEqual(['KBH-0010', 'KBH-0001']);
    const registered = filterKiosks(rows, { ...NO_FILTER, state: 'registered' }, { names: false });
    expect(registered.map((d) => d.label)).toEqual(['KBH-0010', 'KBH-0011']);
    expect(countByState(rows)).toMatchObject({ all: 3, lent: 2, registered: 2 });
  });

  it('tells support how to enrol it and 2nd line who does, without a name', () => {
    expect(da.t('device.lentUnenrolled')).toBe(
      'Skærmen er lånt ud til en borger, men er aldrig blevet tilmeldt. Den kan hverken ringe eller blive ringet op, før den er tilmeldt.',
    );
    expect(da.t('device.lentUnenrolledVendor')).toBe('Tilmeldingskoden laver kommunens support (1. linje).');
    expect(en.t('device.lentUnenrolledSupport')).toBe(
      'Press Make an enrolment code under Actions, and type the code on the kiosk.',
    );
  });
});
