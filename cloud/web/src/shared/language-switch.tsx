import { LANGUAGES, type Language } from './i18n.js';
import { useI18n } from './i18n-context.js';
import { Icon } from './icons.js';

/** Each language is named in itself (and marked with its own lang) so a reader finds theirs whatever is shown. */
const NAMES: Record<Language, string> = { da: 'Dansk', en: 'English' };

export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <fieldset class="language-switch">
      <legend class="language-label">
        <Icon name="globe" /> {t('language.label')}
      </legend>
      {LANGUAGES.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          class="button button-small"
          aria-pressed={lang === language}
          onClick={() => setLanguage(lang)}
        >
          {NAMES[lang]}
        </button>
      ))}
    </fieldset>
  );
}
