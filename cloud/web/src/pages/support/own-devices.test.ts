import { describe, expect, it } from 'vitest';
import { createI18n } from '../../shared/i18n.js';
import { formatMunicipal } from '../../shared/municipal-date.js';
import {
  deviceLines,
  devicesSummary,
  numberDevices,
  OWN_DEVICE_TIME,
  revokeQuestion,
} from './own-devices.js';
import { ownDevicesDa, ownDevicesEn } from './own-devices-strings.js';

const tOf = (language: 'da' | 'en') => {
  const i18n = createI18n({ da: ownDevicesDa, en: ownDevicesEn }, language);
  return (key: string, values?: Record<string, string | number>) => i18n.t(key, values);
};
/** As the page formats: municipal time, the zone said when the browser's differs (here a laptop set to UTC). */
const whenIn =
  (language: 'da' | 'en', zone = 'UTC') =>
  (at: string) =>
    formatMunicipal(at, language, OWN_DEVICE_TIME, language === 'da' ? '(dansk tid)' : '(Danish time)', zone);

// As GET /api/citizens/{id}/credentials gives them: newest first, ids and dates only.
const credentials = [
  {
    id: '00000000-0000-4000-8000-000000000003',
    createdAt: '2026-12-06T09:30:00.000Z',
    lastUsedAt: '2026-12-06T09:30:00.000Z',
    revokedAt: null,
  },
  {
    id: '00000000-0000-4000-8000-000000000001',
    createdAt: '2026-12-03T13:05:00.000Z', // 14.05 in Copenhagen
    lastUsedAt: '2026-12-05T23:30:00.000Z', // 00.30 on 6 December in Copenhagen
    revokedAt: '2026-12-06T09:25:00.000Z',
  },
];

describe('the citizen’s own phones, tablets and computers on their card', () => {
  it('numbers them in the order they were bound, so a number stays when a newer one comes', () => {
    const devices = numberDevices(credentials);
    expect(devices.map((d) => [d.number, d.id.slice(-1)])).toEqual([
      [1, '1'],
      [2, '3'],
    ]);
    expect(numberDevices([])).toEqual([]);
  });

  it('says when each was bound and last logged in, in Copenhagen time with "(dansk tid)" on a UTC laptop', () => {
    const [first, second] = numberDevices(credentials);
    expect(deviceLines(tOf('da'), first!, whenIn('da'))).toEqual({
      name: 'Nr. 1',
      state: 'Tilbagekaldt 6. december 2026 kl. 10.25 (dansk tid)',
      bound: 'Koblet til 3. december 2026 kl. 14.05 (dansk tid)',
      lastLogin: 'Sidst logget ind 6. december 2026 kl. 00.30 (dansk tid)',
    });
    // In Copenhagen itself the zone goes unsaid.
    expect(deviceLines(tOf('da'), second!, whenIn('da', 'Europe/Copenhagen'))).toEqual({
      name: 'Nr. 2',
      state: 'Virker',
      bound: 'Koblet til 6. december 2026 kl. 10.30',
      lastLogin: 'Sidst logget ind 6. december 2026 kl. 10.30',
    });
    expect(deviceLines(tOf('en'), first!, whenIn('en')).bound).toBe(
      'Bound 3 December 2026 at 14:05 (Danish time)',
    );
  });

  it('asks before revoking, naming which one and saying what happens and what the citizen needs next', () => {
    const [first] = numberDevices(credentials);
    expect(revokeQuestion(tOf('da'), first!, 'Else Mortensen', whenIn('da', 'Europe/Copenhagen'))).toEqual({
      label: 'Tilbagekald nr. 1',
      title: 'Tilbagekald nr. 1 for Else Mortensen?',
      text: 'Den telefon, tablet eller computer, der blev koblet til 3. december 2026 kl. 14.05, bliver logget ud med det samme. Derefter kan den hverken ringe eller blive ringet op. Vil Else Mortensen bruge en ny telefon, tablet eller computer, skal borgeren have en ny aktiveringskode.',
    });
  });

  it('says plainly when none is bound, and when none of them works any more', () => {
    const t = tOf('da');
    expect(devicesSummary(t, [], 'Else Mortensen')).toBe(
      'Else Mortensen har ingen egen telefon, tablet eller computer koblet til. Med en aktiveringskode (herunder) kan borgeren komme i gang.',
    );
    const devices = numberDevices(credentials);
    expect(devicesSummary(t, devices, 'Else Mortensen')).toBeNull();
    expect(devicesSummary(t, devices.slice(0, 1), 'Else Mortensen')).toBe(
      'Ingen af dem virker nu. Vil Else Mortensen bruge en telefon, tablet eller computer, skal borgeren have en ny aktiveringskode (herunder).',
    );
  });
});
