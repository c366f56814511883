import i18next, { type i18n as I18n } from 'i18next';
import { commonStrings } from './common-strings.js';
import type { PageStrings } from './page-strings.js';

/** Danish first: the municipality's staff and citizens read Danish; English is the second language. */
export const LANGUAGES = ['da', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'da';
export const LANGUAGE_STORAGE_KEY = 'screenvisit.language';

/** A page's strings: Danish is the source, English must carry exactly the same keys. */
export type { PageStrings } from './page-strings.js';

export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** localStorage can be missing or throw (private browsing, storage disabled by policy): fall back to Danish. */
export function readStoredLanguage(store: KeyValueStore | undefined): Language {
  try {
    const stored = store?.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

export function storeLanguage(store: KeyValueStore | undefined, language: Language): void {
  try {
    store?.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // The choice then lasts for this page view only; nothing else depends on it.
  }
}

export function browserStore(): KeyValueStore | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * One i18next instance per page (no global singleton). Resources are bundled, so init is synchronous and the
 * first render is already in the right language (no flash of Danish for an English reader).
 */
export function createI18n<K extends string>(page: PageStrings<K>, language: Language): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    initAsync: false,
    // Preact escapes text itself; escaping here too would show "&amp;" to the reader.
    interpolation: { escapeValue: false },
    resources: {
      da: { translation: { ...commonStrings.da, ...page.da } },
      en: { translation: { ...commonStrings.en, ...page.en } },
    },
  });
  return instance;
}
