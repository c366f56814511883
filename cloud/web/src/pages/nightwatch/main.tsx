import { useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Layout } from '../../shared/layout.js';
import { mountPage } from '../../shared/mount.js';
import { Notice } from '../../shared/notice.js';
import { STAFF_PAGES } from '../../shared/page-roles.js';
import { StatusBox } from '../../shared/status-box.js';
import { useConsoleLock } from './console-lock.js';
import { NightConsole } from './night-console.js';
import { StaffGate } from './staff-gate.js';
import { nightwatchStrings } from './strings.js';
import { ThemeSwitch } from './theme-switch.js';
import './nightwatch.css';

function NightwatchPage() {
  const { t } = useI18n();
  const [switchedTo, setSwitchedTo] = useState<string | null>(null);
  return (
    <Layout title={t('title')} icon="moon">
      <ThemeSwitch />
      <p>{t('intro')}</p>
      <StaffGate roles={STAFF_PAGES.nightwatch.roles} lockable>
        {(gate) => (
          <>
            {switchedTo && gate.session.displayName === switchedTo && <Switched name={switchedTo} />}
            {/* Keyed by the session's CSRF token: a new session (console switch) is a new console from scratch. */}
            <NightConsole
              key={gate.session.csrfToken}
              gate={gate}
              onSwitched={(name) => {
                setSwitchedTo(name);
                void gate.reload();
              }}
            />
          </>
        )}
      </StaffGate>
      <StatusBox />
    </Layout>
  );
}

/** "The console is now used by …": a name, so not shown while the console is locked. */
function Switched(props: { name: string }) {
  const { t } = useI18n();
  if (useConsoleLock().locked) return null;
  return (
    <Notice kind="success">
      <p data-testid="switched">{t('switch.done', { name: props.name })}</p>
    </Notice>
  );
}

mountPage(nightwatchStrings, NightwatchPage);
