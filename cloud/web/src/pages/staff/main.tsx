import { useI18n } from '../../shared/i18n-context.js';
import { Layout } from '../../shared/layout.js';
import { mountPage } from '../../shared/mount.js';
import { StatusBox } from '../../shared/status-box.js';
import { LoginForm } from './login-form.js';
import { staffStrings } from './strings.js';

function StaffPage() {
  const { t } = useI18n();
  return (
    <Layout title={t('title')} icon="user">
      <p>{t('intro')}</p>
      <LoginForm />
      <StatusBox />
    </Layout>
  );
}

mountPage(staffStrings, StaffPage);
