import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Layout } from '../../shared/layout.js';
import { mountPage } from '../../shared/mount.js';
import { ActivationForm } from './activation-form.js';
import './citizen.css';
import { citizenStrings } from './strings.js';

function CitizenPage() {
  const { t } = useI18n();
  return (
    <Layout title={t('title')} icon="heart">
      <p class="lead">{t('intro')}</p>
      <ActivationForm />
      <p class="lead">
        <Icon name="info" /> {t('help')}
      </p>
    </Layout>
  );
}

mountPage(citizenStrings, CitizenPage);
