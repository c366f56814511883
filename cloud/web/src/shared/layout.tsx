import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useI18n } from './i18n-context.js';
import { Icon, type IconName } from './icons.js';
import { LanguageSwitch } from './language-switch.js';

/**
 * The frame of every page: skip link (WCAG 2.4.1), header with the product name and the language switch, one
 * main landmark holding the page's single h1, and a footer.
 */
export function Layout(props: {
  title: string;
  icon: IconName;
  /** A page of wide tables (the dashboard's weeks have nine columns): the page may use more of a wide screen. */
  wide?: boolean;
  children: ComponentChildren;
}) {
  const { t } = useI18n();
  // Header, main and footer share one width, so the page's edges line up.
  const wrap = props.wide ? 'wrap wrap-wide' : 'wrap';
  useEffect(() => {
    document.title = `${props.title} – ${t('product.name')}`;
  }, [props.title, t]);
  return (
    <>
      <a class="skip-link" href="#main">
        {t('skip.toContent')}
      </a>
      <header class="site-header">
        <div class={`${wrap} header-row`}>
          <a class="brand" href="/">
            <Icon name="screen" size={32} />
            <span>
              <span class="brand-name">{t('product.name')}</span>
              <span class="brand-tagline">{t('product.tagline')}</span>
            </span>
          </a>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1} class={wrap}>
        <h1>
          <Icon name={props.icon} size={36} /> {props.title}
        </h1>
        {props.children}
      </main>
      <footer class="site-footer">
        <div class={wrap}>
          <p>{t('footer.text')}</p>
          <p>
            <a href="/">
              <Icon name="home" /> {t('footer.home')}
            </a>
          </p>
        </div>
      </footer>
    </>
  );
}
