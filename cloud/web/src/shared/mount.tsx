import { type ComponentType, render } from 'preact';
import { browserStore, createI18n, type PageStrings, readStoredLanguage } from './i18n.js';
import { I18nProvider } from './i18n-context.js';
import './styles.css';

/** Every page's entry point: its own strings merged with the shared ones, rendered into #app. */
export function mountPage<K extends string>(strings: PageStrings<K>, Page: ComponentType): void {
  const store = browserStore();
  const i18n = createI18n(strings, readStoredLanguage(store));
  const host = document.getElementById('app');
  if (!host) throw new Error('The page has no #app element to render into.');
  render(
    <I18nProvider i18n={i18n} store={store}>
      <Page />
    </I18nProvider>,
    host,
  );
}
