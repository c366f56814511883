import { describe, expect, it } from 'vitest';
import { supportStrings } from '../pages/support/strings.js';
import { createI18n, type Language } from './i18n.js';
import { type Said, said, sayText } from './said.js';

const i18n = createI18n(supportStrings, 'da');
const say = (message: Said, language: Language) =>
  sayText(message, (key, values) => i18n.t(key, { ...values, lng: language }), language, '');

describe('an answer kept as its key and values', () => {
  it('is put into words in the language the page has when it is shown, not when the action ended', () => {
    const saved = said('citizen.saved', { name: 'Grethe Lund' });
    expect(say(saved, 'da')).toBe('Ændringerne for Grethe Lund er gemt.');
    expect(say(saved, 'en')).toBe('The changes for Grethe Lund are saved.');
  });

  it('writes times, dates and lists as each language does', () => {
    const moved = said('plan.moved', {
      name: 'Grethe Lund',
      date: { date: '2026-12-08' },
      time: { clock: '13:00' },
    });
    expect(say(moved, 'da')).toBe('Besøget hos Grethe Lund er flyttet til 8. december 2026 kl. 13.00.');
    expect(say(moved, 'en')).toBe('The visit to Grethe Lund is moved to 8 December 2026 at 13:00.');
    const lent = said('citizen.stillLentMany', { name: 'Ole', labels: { list: ['KBH-0001', 'KBH-0002'] } });
    expect(say(lent, 'da')).toContain('KBH-0001 og KBH-0002');
    expect(say(lent, 'en')).toContain('KBH-0001 and KBH-0002');
  });

  it('says a following sentence after it in the same language, and a plural by its count', () => {
    const closed = said(
      'citizen.closed',
      { name: 'Ole' },
      said('citizen.stillLent', { name: 'Ole', labels: { list: ['KBH-0777'] } }),
    );
    expect(say(closed, 'en')).toMatch(/^Ole is closed\. .*KBH-0777/);
    const planned = said('plan.planned', { count: 2, name: 'Grethe Lund' });
    expect(say(planned, 'en')).toBe('2 visits to Grethe Lund are planned.');
  });
});

describe('a message inside another', () => {
  it('is put into words in the same language as the one around it', () => {
    const strings = {
      da: { outer: 'Gemt: {{what}}.', inner: 'bekræftet' },
      en: { outer: 'Saved: {{what}}.', inner: 'confirmed' },
    };
    const own = createI18n(strings, 'da');
    const message = said('outer', { what: { said: said('inner') } });
    const t = (language: Language) => (key: string, values?: Record<string, string | number>) =>
      own.t(key, { ...values, lng: language });
    expect(sayText(message, t('da'), 'da', '')).toBe('Gemt: bekræftet.');
    expect(sayText(message, t('en'), 'en', '')).toBe('Saved: confirmed.');
  });

  it('writes an instant in municipal time with the zone note it is given', () => {
    const strings = { da: { until: 'Til {{at}}' }, en: { until: 'Until {{at}}' } };
    const own = createI18n(strings, 'en');
    const t = (key: string, values?: Record<string, string | number>) => own.t(key, { ...values, lng: 'en' });
    expect(sayText(said('until', { at: { at: '2026-12-08T07:00:00Z' } }), t, 'en', '')).toBe(
      'Until 8 December 2026 at 08:00',
    );
  });
});
