import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Layout } from '../../shared/layout.js';
import { mountPage } from '../../shared/mount.js';
import { STAFF_PAGES } from '../../shared/page-roles.js';
import { StaffGate } from '../nightwatch/staff-gate.js';
import { logout } from '../staff/auth-api.js';
import { SettingsForm } from './settings-form.js';
import { adminStrings } from './strings.js';
import '../nightwatch/nightwatch.css';
import '../support/support.css';

/** The system administrator's page (issue 12 §5): the municipality's settings after a staff login. */
function AdminPage() {
  const { t } = useI18n();
  return (
    <Layout title={t('title')} icon="shield">
      <p>{t('intro')}</p>
      <StaffGate roles={STAFF_PAGES.admin.roles}>
        {(gate) => (
          <>
            <div class="console-bar">
              <p>
                <Icon name="user" /> {t('desk.person', { name: gate.session.displayName ?? '' })}
              </p>
              <button
                type="button"
                class="button button-secondary"
                onClick={() => void logout(gate.session.csrfToken, false).then(() => gate.signOut('self'))}
              >
                <Icon name="power" /> {t('desk.logout')}
              </button>
            </div>
            <section class="panel">
              <SettingsForm csrfToken={gate.session.csrfToken} onLockedOut={() => gate.signOut('self')} />
            </section>
          </>
        )}
      </StaffGate>
    </Layout>
  );
}

mountPage(adminStrings, AdminPage);
