import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon, type IconName } from '../../shared/icons.js';
import { Layout } from '../../shared/layout.js';
import { mountPage } from '../../shared/mount.js';
import { fetchSession, type SessionInfo } from '../staff/auth-api.js';
import { startStrings } from './strings.js';
import { type Tile, tilesFor } from './tiles.js';

const CLIENTS: readonly { key: Tile; href: string; icon: IconName }[] = [
  { key: 'citizen', href: '/citizen/', icon: 'heart' },
  { key: 'staff', href: '/staff/', icon: 'user' },
  { key: 'dashboard', href: '/dashboard/', icon: 'users' },
  { key: 'nightwatch', href: '/nightwatch/', icon: 'moon' },
  { key: 'watch', href: '/watch/', icon: 'activity' },
  { key: 'support', href: '/support/', icon: 'lifebuoy' },
  { key: 'admin', href: '/admin/', icon: 'shield' },
];

function StartPage() {
  const { t } = useI18n();
  // undefined: still asking who is logged in (no tiles yet, so none flashes by and disappears); null: nobody.
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  useEffect(() => {
    const abort = new AbortController();
    // Passive: looking at the start page is not work that keeps an idle staff session alive.
    fetchSession({ passive: true, signal: abort.signal }).then(setSession, () => {
      if (!abort.signal.aborted) setSession(null);
    });
    return () => abort.abort();
  }, []);
  const shown = session === undefined ? [] : tilesFor(session);
  const name = session?.authenticated ? session.displayName : undefined;
  return (
    <Layout title={t('title')} icon="screen">
      <p>{t('intro')}</p>
      <p>
        <Icon name="lock" /> {t('privacy')}
      </p>
      <h2>{t('choose')}</h2>
      {name && <p data-testid="start-person">{t('signedIn', { name })}</p>}
      <ul class="link-list" aria-busy={session === undefined}>
        {CLIENTS.filter((c) => shown.includes(c.key)).map((c) => (
          <li key={c.key}>
            <a href={c.href}>
              <Icon name={c.icon} size={32} />
              <span>
                {t(`${c.key}.title`)}
                <small>{t(`${c.key}.text`)}</small>
              </span>
              <Icon name="arrowRight" />
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

mountPage(startStrings, StartPage);
