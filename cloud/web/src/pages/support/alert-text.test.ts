import { describe, expect, it } from 'vitest';
import { createI18n } from '../../shared/i18n.js';
import { alertText } from './alert-text.js';
import { deviceDa, deviceEn } from './device-strings.js';
import type { Alert } from './devices-api.js';
import { kioskAlertDa, kioskAlertEn } from './kiosk-alert-strings.js';
import { kioskCollectDa, kioskCollectEn } from './kiosk-collect-strings.js';

const now = new Date('2026-12-06T18:00:00Z');
const idle = (days: number, neverLoggedIn: 0 | 1, closesAt?: string): Alert => ({
  kind: 'inactive_account',
  severity: 'warning',
  subject: { kind: 'staff', id: '6b0f7c1e-1c7d-4c53-9d1e-5f1f3a0d9e11', name: 'Anna Jensen' },
  since: null,
  figures: { days, neverLoggedIn },
  ...(closesAt ? { closesAt } : {}),
});
const strings = { da: deviceDa, en: deviceEn };

describe('the inactive-account alert', () => {
  it('says that someone who never logged in was created so many days ago, and the date the account closes by itself', () => {
    const da = createI18n(strings, 'da');
    // 23:30 UTC on 4 April is 5 April in Copenhagen: the municipal date.
    expect(alertText(da.t, 'da', idle(76, 1, '2027-04-04T23:30:00Z'), now)).toBe(
      'Anna Jensen er oprettet for 76 dage siden og har aldrig logget ind. Kontoen lukkes af sig selv den 5. april 2027.',
    );
    expect(alertText(da.t, 'da', idle(1, 1), now)).toBe(
      'Anna Jensen er oprettet for 1 dag siden og har aldrig logget ind.',
    );
    const en = createI18n(strings, 'en');
    expect(alertText(en.t, 'en', idle(76, 1, '2027-04-04T23:30:00Z'), now)).toBe(
      'Anna Jensen was created 76 days ago and has never logged in. The account is closed by itself on 5 April 2027.',
    );
    expect(alertText(en.t, 'en', idle(1, 1), now)).toBe(
      'Anna Jensen was created 1 day ago and has never logged in.',
    );
  });

  it('says how long since the last login for someone who has logged in, one dag and many dage', () => {
    const da = createI18n(strings, 'da');
    expect(alertText(da.t, 'da', idle(61, 0, '2027-02-04T10:00:00Z'), now)).toBe(
      'Anna Jensen har ikke logget ind i 61 dage. Kontoen lukkes af sig selv den 4. februar 2027.',
    );
    expect(alertText(da.t, 'da', idle(1, 0), now)).toBe('Anna Jensen har ikke logget ind i 1 dag.');
    const en = createI18n(strings, 'en');
    expect(alertText(en.t, 'en', idle(1, 0), now)).toBe('Anna Jensen has not logged in for 1 day.');
    expect(alertText(en.t, 'en', idle(61, 0), now)).toBe('Anna Jensen has not logged in for 61 days.');
  });

  it('says the account closes very soon when its date has passed and the job has not run yet', () => {
    const da = createI18n(strings, 'da');
    expect(alertText(da.t, 'da', idle(130, 0, '2026-11-26T10:00:00Z'), now)).toBe(
      'Anna Jensen har ikke logget ind i 130 dage. Kontoen lukkes af sig selv meget snart: ScreenVisit tjekker normalt én gang i timen.',
    );
    const en = createI18n(strings, 'en');
    expect(alertText(en.t, 'en', idle(130, 0, '2026-11-26T10:00:00Z'), now)).toBe(
      'Anna Jensen has not logged in for 130 days. The account is closed by itself very soon: ScreenVisit normally checks once an hour.',
    );
  });

  it('says of a citizen that she has not USED ScreenVisit, since a resident with a loan kiosk never logs in', () => {
    const citizen = (days: number, never: 0 | 1, closesAt?: string): Alert => ({
      ...idle(days, never, closesAt),
      subject: { kind: 'citizen', id: '0d6f3a52-7c1e-4b8e-9a55-2f7c0b1d4e22', name: 'Aase Pedersen' },
    });
    const da = createI18n(strings, 'da');
    expect(alertText(da.t, 'da', citizen(61, 0, '2027-02-04T10:00:00Z'), now)).toBe(
      'Borgeren Aase Pedersen har ikke brugt ScreenVisit i 61 dage (intet log ind og ingen udlånt skærm tændt). Kontoen lukkes af sig selv den 4. februar 2027.',
    );
    expect(alertText(da.t, 'da', citizen(1, 1), now)).toBe(
      'Borgeren Aase Pedersen er oprettet for 1 dag siden og har aldrig brugt ScreenVisit.',
    );
    const en = createI18n(strings, 'en');
    expect(alertText(en.t, 'en', citizen(61, 0), now)).toBe(
      'Citizen Aase Pedersen has not used ScreenVisit for 61 days (no login and no loan kiosk switched on).',
    );
    expect(alertText(en.t, 'en', citizen(70, 1), now)).toBe(
      'Citizen Aase Pedersen was created 70 days ago and has never used ScreenVisit.',
    );
  });

  it('names a citizen with her ref, so two inactive namesakes do not read the same', () => {
    const aase = (ref: string): Alert => ({
      ...idle(70, 1),
      subject: { kind: 'citizen', id: '0d6f3a52-7c1e-4b8e-9a55-2f7c0b1d4e22', name: 'Aase Pedersen', ref },
    });
    const da = createI18n(strings, 'da');
    expect(alertText(da.t, 'da', aase('9F8E7D'), now)).toBe(
      'Borgeren Aase Pedersen (Ref. 9F8E7D) er oprettet for 70 dage siden og har aldrig brugt ScreenVisit.',
    );
    expect(alertText(da.t, 'da', aase('1A2B3C'), now)).not.toBe(alertText(da.t, 'da', aase('9F8E7D'), now));
  });

  it('words the other alerts as before', () => {
    const da = createI18n(strings, 'da');
    const offline: Alert = {
      kind: 'device_offline',
      severity: 'warning',
      subject: { kind: 'device', id: 'x', name: 'KBH-0001' },
      since: null,
      figures: { hours: 5 },
    };
    expect(alertText(da.t, 'da', offline, now)).toBe(
      'Skærm KBH-0001 har været offline i 5 timer, mens borgeren venter på opkald.',
    );
  });
});

describe('the alert about a kiosk to collect from a closed citizen', () => {
  const collect = (wipePending: 0 | 1, nothingToWipe: 0 | 1): Alert => ({
    kind: 'kiosk_to_collect',
    severity: 'warning',
    subject: { kind: 'device', id: '0c5e3f1a-7d2b-4e8f-9a6c-1b2d3e4f5a6b', name: 'KBH-0007' },
    since: '2026-12-05T10:00:00Z',
    figures: { days: 1, wipePending, nothingToWipe },
  });
  const withCollect = { da: { ...deviceDa, ...kioskCollectDa }, en: { ...deviceEn, ...kioskCollectEn } };

  it('says the kiosk is wiped remotely only once it is', () => {
    const da = createI18n(withCollect, 'da');
    expect(alertText(da.t, 'da', collect(0, 0), now)).toBe(
      'Skærm KBH-0007 skal hentes: borgeren, der lånte den, er lukket. Skærmen er slettet på afstand. Meld den hentet på skærmens side.',
    );
    expect(alertText(da.t, 'da', collect(1, 0), now)).toBe(
      'Skærm KBH-0007 skal hentes: borgeren, der lånte den, er lukket. Skærmen er ikke slettet endnu: den sletter sig selv, så snart den er tændt og på nettet. Meld den hentet på skærmens side.',
    );
    const en = createI18n(withCollect, 'en');
    expect(alertText(en.t, 'en', collect(1, 0), now)).toBe(
      'Kiosk KBH-0007 is to be collected: the citizen who borrowed it was closed. It is not wiped yet: it wipes itself as soon as it is switched on and online. Mark it collected on the kiosk’s page.',
    );
  });

  it('says a kiosk that never enrolled had nothing on it to wipe, not that it was wiped', () => {
    const da = createI18n(withCollect, 'da');
    const text = alertText(da.t, 'da', collect(0, 1), now);
    expect(text).toBe(
      'Skærm KBH-0007 skal hentes: borgeren, der lånte den, er lukket. Skærmen blev aldrig tilmeldt, så der er intet på den at slette. Meld den hentet på skærmens side.',
    );
    expect(text).not.toContain('slettet på afstand');
    const en = createI18n(withCollect, 'en');
    expect(alertText(en.t, 'en', collect(0, 1), now)).toBe(
      'Kiosk KBH-0007 is to be collected: the citizen who borrowed it was closed. It was never enrolled, so there is nothing on it to wipe. Mark it collected on the kiosk’s page.',
    );
  });
});

describe('the kiosk lent but never enrolled', () => {
  const notEnrolled = (days: number, borrower = true): Alert => ({
    kind: 'kiosk_not_enrolled',
    severity: 'warning',
    subject: { kind: 'device', id: '0c7e2b1a-2f1d-4b7e-9a55-1e2d3c4b5a69', name: 'KBH-0007' },
    ...(borrower
      ? { borrower: { id: '6b0f7c1e-1c7d-4c53-9d1e-5f1f3a0d9e11', name: 'Aase Pedersen', ref: '6B0F7C' } }
      : {}),
    since: null,
    figures: { days },
  });
  const strings = { da: { ...deviceDa, ...kioskAlertDa }, en: { ...deviceEn, ...kioskAlertEn } };

  it('names the kiosk, whom it is lent to and since when, and that she cannot call, in Danish and English', () => {
    const da = createI18n(strings, 'da');
    expect(alertText(da.t, 'da', notEnrolled(3), now)).toBe(
      'Skærm KBH-0007 er lånt ud til Aase Pedersen (Ref. 6B0F7C) for 3 dage siden, men er ikke tilmeldt. Den kan hverken ringe eller blive ringet op.',
    );
    expect(alertText(da.t, 'da', notEnrolled(1), now)).toBe(
      'Skærm KBH-0007 er lånt ud til Aase Pedersen (Ref. 6B0F7C) for 1 dag siden, men er ikke tilmeldt. Den kan hverken ringe eller blive ringet op.',
    );
    const en = createI18n(strings, 'en');
    expect(alertText(en.t, 'en', notEnrolled(1), now)).toBe(
      'Kiosk KBH-0007 was lent to Aase Pedersen (Ref. 6B0F7C) 1 day ago but is not enrolled. It can neither call nor be called.',
    );
  });

  it('names the kiosk alone when the alert carries no borrower', () => {
    const da = createI18n(strings, 'da');
    expect(alertText(da.t, 'da', notEnrolled(2, false), now)).toBe(
      'Skærm KBH-0007 er lånt ud for 2 dage siden, men er ikke tilmeldt. Den kan hverken ringe eller blive ringet op.',
    );
  });
});

describe('a single kiosk alert with a figure', () => {
  it('writes a poor connection’s packet loss with a decimal comma in Danish (it said "4.5 %")', () => {
    const poor: Alert = {
      kind: 'poor_connection',
      severity: 'warning',
      subject: { kind: 'device', id: '6b0f7c1e-1c7d-4c53-9d1e-5f1f3a0d9e11', name: 'KBH-0001' },
      since: null,
      figures: { rttMs: 420, lossPercent: 4.5, calls: 2 },
    };
    expect(alertText(createI18n(strings, 'da').t, 'da', poor, now)).toBe(
      'Skærm KBH-0001 har dårlig forbindelse: 420 ms svartid og 4,5 % tab.',
    );
    expect(alertText(createI18n(strings, 'en').t, 'en', poor, now)).toContain('4.5 % loss');
  });
});
