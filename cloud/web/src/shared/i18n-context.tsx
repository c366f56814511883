import type { i18n as I18n } from 'i18next';
import type { ComponentChildren } from 'preact';
import { createContext } from 'preact';
import { useContext, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { type KeyValueStore, type Language, storeLanguage } from './i18n.js';

export type Translate = (key: string, values?: Record<string, string | number>) => string;

export interface I18nValue {
  readonly language: Language;
  readonly t: Translate;
  readonly setLanguage: (language: Language) => void;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider(props: {
  i18n: I18n;
  store: KeyValueStore | undefined;
  children: ComponentChildren;
}) {
  const { i18n, store } = props;
  const [language, setLanguageState] = useState<Language>(i18n.language as Language);

  // WCAG 3.1.1 (language of page): screen readers pick their voice from <html lang>, so it follows the choice.
  useLayoutEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const value = useMemo<I18nValue>(
    () => ({
      language,
      t: (key, values) => i18n.t(key, { ...values, lng: language }),
      setLanguage: (next) => {
        void i18n.changeLanguage(next);
        storeLanguage(store, next);
        setLanguageState(next);
      },
    }),
    [i18n, store, language],
  );
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n() needs an <I18nProvider> above it (see mountPage).');
  return value;
}
