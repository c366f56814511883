import { useI18n } from '../../shared/i18n-context.js';
import { Icon, type IconName } from '../../shared/icons.js';
import { Layout } from '../../shared/layout.js';
import { mountPage } from '../../shared/mount.js';
import { startStrings } from './strings.js';

const CLIENTS: readonly {
  key: 'citizen' | 'staff' | 'nightwatch' | 'watch' | 'support' | 'admin';
  href: string;
  icon: IconName;
}[] = [
  { key: 'citizen', href: '/citizen/', icon: 'heart' },
  { key: 'staff', href: '/staff/', icon: 'user' },
  { key: 'nightwatch', href: '/nightwatch/', icon: 'moon' },
  { key: 'watch', href: '/watch/', icon: 'activity' },
  { key: 'support', href: '/support/', icon: 'lifebuoy' },
  { key: 'admin', href: '/admin/', icon: 'shield' },
];

function StartPage() {
  const { t } = useI18n();
  return (
    <Layout title={t('title')} icon="screen">
      <p>{t('intro')}</p>
      <p>
        <Icon name="lock" /> {t('privacy')}
      </p>
      <h2>{t('choose')}</h2>
      <ul class="link-list">
        {CLIENTS.map((c) => (
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
