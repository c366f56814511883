import { useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { applyTheme, initialTheme, type Theme } from './theme.js';

// Applied before the first render, so a night console never flashes white.
applyTheme(initialTheme(), false);

/** The manual light/dark switch; the button names the theme it switches TO. */
export function ThemeSwitch() {
  const { t } = useI18n();
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <p class="theme-switch">
      <button
        type="button"
        class="button button-secondary"
        onClick={() => {
          applyTheme(next, true);
          setTheme(next);
        }}
      >
        <Icon name="moon" /> {t('theme.toggle', { theme: t(next === 'dark' ? 'theme.dark' : 'theme.light') })}
      </button>
    </p>
  );
}
