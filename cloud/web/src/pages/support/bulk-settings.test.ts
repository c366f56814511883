import { describe, expect, it } from 'vitest';
import { createI18n } from '../../shared/i18n.js';
import { bulkChanges, describeChanges, EMPTY_BULK_FORM } from './bulk-settings.js';
import { kioskListDa, kioskListEn } from './kiosk-list-strings.js';

const form = (patch: Partial<typeof EMPTY_BULK_FORM>) => ({ ...EMPTY_BULK_FORM, ...patch });

describe('the bulk settings push (one change to many kiosks)', () => {
  it('sends only what support filled in, so each kiosk keeps the rest of its own settings', () => {
    expect(bulkChanges(form({ volume: '40' }))).toEqual({ ok: true, changes: { volume: 40 } });
    expect(bulkChanges(form({ volume: ' 0 ', brightness: '100', quiet: 'off' }))).toEqual({
      ok: true,
      changes: { volume: 0, brightness: 100, quietHours: null },
    });
    expect(bulkChanges(form({ quiet: 'on', quietFrom: '21:30', quietTo: '06:45' }))).toEqual({
      ok: true,
      changes: { quietHours: { start: '21:30', end: '06:45' } },
    });
  });

  it('asks for a change when nothing is filled in, rather than pushing a new version that changes nothing', () => {
    expect(bulkChanges(EMPTY_BULK_FORM)).toEqual({ ok: false, problem: 'nothing' });
  });

  it('names the field that is not a whole number from 0 to 100, or quiet hours that do not make a span', () => {
    for (const bad of ['101', '-1', '4.5', 'høj', '1e2'])
      expect(bulkChanges(form({ volume: bad }))).toEqual({ ok: false, problem: 'volume' });
    expect(bulkChanges(form({ volume: '50', brightness: '200' }))).toEqual({
      ok: false,
      problem: 'brightness',
    });
    expect(bulkChanges(form({ quiet: 'on', quietFrom: '', quietTo: '07:00' }))).toEqual({
      ok: false,
      problem: 'quietTimes',
    });
    expect(bulkChanges(form({ quiet: 'on', quietFrom: '07:00', quietTo: '07:00' }))).toEqual({
      ok: false,
      problem: 'quietSame',
    });
  });

  it('says the change in words in the question before it is sent, in Danish and English', () => {
    const da = createI18n({ da: kioskListDa, en: kioskListEn }, 'da');
    const en = createI18n({ da: kioskListDa, en: kioskListEn }, 'en');
    const all = { volume: 40, brightness: 80, quietHours: { start: '22:00', end: '07:00' } };
    expect(describeChanges(da.t, all, 'da')).toBe(
      'Lydstyrke 40, lysstyrke 80 og stille timer fra kl. 22.00 til 07.00',
    );
    expect(describeChanges(en.t, all, 'en')).toBe(
      'Volume 40, brightness 80 and quiet hours from 22:00 to 07:00',
    );
    expect(describeChanges(da.t, { quietHours: null }, 'da')).toBe('Ingen stille timer');
  });
});
