import { describe, expect, it } from 'vitest';
import { createI18n, LANGUAGE_STORAGE_KEY, readStoredLanguage, storeLanguage } from './i18n.js';

const memory = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
};

describe('language choice', () => {
  it('is Danish until a reader picks English, and remembers the pick', () => {
    const store = memory();
    expect(readStoredLanguage(store)).toBe('da');
    storeLanguage(store, 'en');
    expect(store.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
    expect(readStoredLanguage(store)).toBe('en');
  });

  it('falls back to Danish for an unknown value or a storage that throws', () => {
    const store = memory();
    store.setItem(LANGUAGE_STORAGE_KEY, 'sv');
    expect(readStoredLanguage(store)).toBe('da');
    const broken = {
      getItem: (): string | null => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(readStoredLanguage(broken)).toBe('da');
    expect(() => storeLanguage(broken, 'en')).not.toThrow();
  });

  it('translates synchronously from bundled strings, page strings beside the shared ones', () => {
    const i18n = createI18n({ da: { hello: 'Hej {{name}}' }, en: { hello: 'Hello {{name}}' } }, 'da');
    expect(i18n.t('hello', { name: 'Ib & Co' })).toBe('Hej Ib & Co');
    expect(i18n.t('skip.toContent')).toBe('Gå til indholdet');
    expect(i18n.t('hello', { name: 'Ib', lng: 'en' })).toBe('Hello Ib');
  });
});
