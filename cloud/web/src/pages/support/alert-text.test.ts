import { describe, expect, it } from 'vitest';
import { createI18n } from '../../shared/i18n.js';
import { alertText } from './alert-text.js';
import { deviceDa, deviceEn } from './device-strings.js';
import type { Alert } from './devices-api.js';

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
