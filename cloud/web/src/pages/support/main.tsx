import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Layout } from '../../shared/layout.js';
import { mountPage } from '../../shared/mount.js';
import { StatusBox } from '../../shared/status-box.js';
import { supportStrings } from './strings.js';

function SupportPage() {
  const { t } = useI18n();
  return (
    <Layout title={t('title')} icon="lifebuoy">
      <p>{t('intro')}</p>
      <StatusBox large />
      <h2>
        <Icon name="book" /> {t('links.heading')}
      </h2>
      <ul class="link-list">
        <li>
          <a href="/api/docs">
            <Icon name="book" size={32} />
            <span>
              {t('links.docs')}
              <small>{t('links.docsText')}</small>
            </span>
          </a>
        </li>
        <li>
          <a href="/api/openapi.json">
            <Icon name="code" size={32} />
            <span>
              {t('links.openapi')}
              <small>{t('links.openapiText')}</small>
            </span>
          </a>
        </li>
      </ul>
    </Layout>
  );
}

mountPage(supportStrings, SupportPage);
