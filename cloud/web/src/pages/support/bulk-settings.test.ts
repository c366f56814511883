import { describe, expect, it } from 'vitest';
import { createI18n } from '../../shared/i18n.js';
import { askWords, bulkChanges, describeChanges, doneWords, EMPTY_BULK_FORM } from './bulk-settings.js';
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

  it('names how many kiosks the change reaches in the question, and how many of them are not in use now', () => {
    const da = createI18n({ da: kioskListDa, en: kioskListEn }, 'da');
    const en = createI18n({ da: kioskListDa, en: kioskListEn }, 'en');
    const all = { devices: 40, inUse: 37, notInUse: 3 };
    expect(askWords(da.t, { changes: { volume: 45 }, reach: all, unit: null, language: 'da' })).toEqual({
      title: 'Send lydstyrke 45 til 40 skærme i kommunen?',
      text: '3 af dem er ikke i brug lige nu og får den, når de tages i brug igen. Resten af indstillingerne beholder hver skærm. Skærme, der er online, får ændringen med det samme; de andre, næste gang de går online.',
    });
    const one = askWords(da.t, {
      changes: { brightness: 60, quietHours: null },
      reach: { devices: 1, inUse: 1, notInUse: 0 },
      unit: 'Plejecenter Solbakken',
      language: 'da',
    });
    expect(one.title).toBe(
      'Send lysstyrke 60 og ingen stille timer til 1 skærm udlånt til borgere i Plejecenter Solbakken?',
    );
    expect(one.text).toMatch(/^Resten af indstillingerne beholder hver skærm\./);
    expect(askWords(en.t, { changes: { volume: 45 }, reach: all, unit: null, language: 'en' }).title).toBe(
      'Send volume 45 to 40 kiosks in the municipality?',
    );
  });

  it('splits the answer: how many got it, how many of them are not in use now and get it when back in use', () => {
    const da = createI18n({ da: kioskListDa, en: kioskListEn }, 'da');
    const en = createI18n({ da: kioskListDa, en: kioskListEn }, 'en');
    expect(doneWords(da.t, { devices: 40, inUse: 37, notInUse: 3 })).toBe(
      '40 skærme har fået ændringen. 3 af dem er ikke i brug lige nu og får den, når de tages i brug igen. Skærme, der er online, får den nu; de andre, næste gang de går online.',
    );
    expect(doneWords(da.t, { devices: 5, inUse: 4, notInUse: 1 })).toMatch(
      /^5 skærme har fået ændringen\. 1 af dem er ikke i brug lige nu og får den, når den tages i brug igen\./,
    );
    // None in use: nothing about online, which would be read as "they hear it now".
    expect(doneWords(da.t, { devices: 2, inUse: 0, notInUse: 2 })).toBe(
      '2 skærme har fået ændringen. Ingen af dem er i brug lige nu: de får ændringen, når de tages i brug igen.',
    );
    expect(doneWords(da.t, { devices: 1, inUse: 1, notInUse: 0 })).toBe(
      '1 skærm har fået ændringen. Er skærmen online, får den ændringen nu; ellers næste gang den går online.',
    );
    expect(doneWords(en.t, { devices: 40, inUse: 37, notInUse: 3 })).toBe(
      '40 kiosks got the change. 3 of them are not in use right now and get it when they are put back in use. Kiosks that are online get it now; the others the next time they come online.',
    );
  });
});
