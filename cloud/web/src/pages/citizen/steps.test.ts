import { describe, expect, it } from 'vitest';
import { createI18n } from '../../shared/i18n.js';
import { pageText } from './steps.js';
import { citizenStrings } from './strings.js';

describe('the citizen page’s heading', () => {
  it('asks for the code until it has worked', () => {
    expect(pageText({ kind: 'activate', worked: false })).toEqual({ title: 'title', intro: 'intro' });
  });

  it('reads as done once the code has worked, with no instruction to type a code', () => {
    const text = pageText({ kind: 'activate', worked: true });
    expect(text.intro).toBeNull();
    for (const lang of ['da', 'en'] as const) {
      const { t } = createI18n(citizenStrings, lang);
      expect(t(text.title)).not.toBe(t('title'));
    }
    expect(createI18n(citizenStrings, 'da').t(text.title)).toBe('Du er klar');
    expect(createI18n(citizenStrings, 'en').t(text.title)).toBe('You are all set');
  });
  it('names the page, not "Skriv din kode", while it asks for the PIN or the app’s code', () => {
    for (const needs of ['pin', 'totp'] as const) {
      const text = pageText({ kind: 'factor', needs });
      expect(text.intro).toBeNull();
      for (const lang of ['da', 'en'] as const) {
        const { t } = createI18n(citizenStrings, lang);
        expect(t(text.title)).not.toBe(t('title'));
      }
      expect(createI18n(citizenStrings, 'da').t(text.title)).toBe('Skærmbesøg');
    }
  });

  it('says she is logged out once she has logged this device out, in either language', () => {
    const text = pageText({ kind: 'loggedOut' });
    expect(text.intro).toBeNull();
    expect(createI18n(citizenStrings, 'da').t(text.title)).toBe('Du er logget ud');
    expect(createI18n(citizenStrings, 'en').t(text.title)).toBe('You are logged out');
  });
});
