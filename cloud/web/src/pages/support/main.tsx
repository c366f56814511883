import { useCallback, useContext, useEffect, useMemo, useReducer, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon, type IconName } from '../../shared/icons.js';
import { Layout } from '../../shared/layout.js';
import { mountPage } from '../../shared/mount.js';
import { Notice } from '../../shared/notice.js';
import { STAFF_PAGES } from '../../shared/page-roles.js';
import { StatusBox, StatusRefresh } from '../../shared/status-box.js';
import { type GateValue, StaffGate } from '../nightwatch/staff-gate.js';
import { logout } from '../staff/auth-api.js';
import { failureText } from './action-failure.js';
import { AlertsSection } from './alerts-section.js';
import { CasesSection } from './cases-section.js';
import { CitizensSection } from './citizens-section.js';
import { DevicesSection } from './devices-section.js';
import { ImportSection } from './import-section.js';
import { PlanningSection } from './planning-section.js';
import { PoolsSection } from './pools-section.js';
import { RelationsSection } from './relations-section.js';
import { StaffSection } from './staff-section.js';
import { StatsSection } from './stats-section.js';
import { supportStrings } from './strings.js';
import { SupportAccountsSection } from './support-accounts-section.js';
import { listUnits, type Unit } from './support-api.js';
import {
  deskStart,
  deskStep,
  keepsDevices,
  kioskPageHidden,
  type SupportNav,
  SupportNavContext,
  type Tab,
} from './support-nav.js';
import '../nightwatch/nightwatch.css';
import './support.css';

const TABS: readonly { id: Tab; icon: IconName }[] = [
  { id: 'citizens', icon: 'heart' },
  { id: 'cases', icon: 'check' },
  { id: 'staff', icon: 'user' },
  { id: 'relations', icon: 'users' },
  { id: 'planning', icon: 'clock' },
  { id: 'pools', icon: 'moon' },
  { id: 'devices', icon: 'tablet' },
  { id: 'alerts', icon: 'alert' },
  { id: 'import', icon: 'book' },
  { id: 'stats', icon: 'activity' },
  { id: 'accounts', icon: 'key' },
];
/**
 * 2nd line (vendor_support) sees the kiosks and their diagnostics, without names or actions, and the support
 * accounts, to give a locked-out support worker her access back.
 */
const VENDOR_TABS: readonly Tab[] = ['devices', 'accounts'];

/**
 * The support desk after a staff login with the support role: one section at a time, chosen in a plain menu or
 * by a link between pages (support-nav.ts: the kiosk page opens its borrower's card, with the way back).
 */
function SupportDesk(props: { gate: GateValue }) {
  const { t } = useI18n();
  const token = props.gate.session.csrfToken;
  const vendor = props.gate.session.role === 'vendor_support';
  const tabs = vendor ? TABS.filter((x) => VENDOR_TABS.includes(x.id)) : TABS;
  const [desk, go] = useReducer(deskStep, vendor ? 'devices' : 'citizens', deskStart);
  const tab = desk.tab;
  const kioskHidden = kioskPageHidden(desk);
  const nav = useMemo<SupportNav>(
    () => ({
      openCitizen: (citizen, kioskLabel) => go({ kind: 'open-citizen', citizen, kioskLabel }),
      openStaff: (staff) => go({ kind: 'open-staff', staff }),
      openKiosk: (deviceId) => go({ kind: 'open-kiosk', deviceId }),
      returns: desk.returns,
      kioskHidden,
    }),
    [desk.returns, kioskHidden],
  );
  // Logged in now: the figures above are the municipality's, no longer only "Tjenesten kører". Read at once, not
  // at the status box's next 5 s re-read.
  const refreshStatus = useContext(StatusRefresh);
  useEffect(() => refreshStatus(), [refreshStatus]);
  const [units, setUnits] = useState<Unit[] | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const loadUnits = () => listUnits().then(setUnits, setError);
  useEffect(() => {
    if (vendor) setUnits([]);
    else void loadUnits();
  }, []);
  return (
    <SupportNavContext.Provider value={nav}>
      <div class="console-bar">
        <p>
          <Icon name="user" /> {t('desk.person', { name: props.gate.session.displayName ?? '' })}
        </p>
        <button
          type="button"
          class="button button-secondary"
          onClick={() => void logout(token, false).then(() => props.gate.signOut('self'), setError)}
        >
          <Icon name="power" /> {t('desk.logout')}
        </button>
      </div>
      <nav aria-label={t('desk.menu')}>
        <ul class="tab-list">
          {tabs.map((x) => (
            <li key={x.id}>
              <button
                type="button"
                class="button"
                aria-pressed={tab === x.id}
                onClick={() => go({ kind: 'menu', tab: x.id })}
              >
                <Icon name={x.icon} /> {t(`tab.${x.id}`)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {error !== undefined && <Notice kind="error">{failureText(error, t)}</Notice>}
      {tab === 'relations' && units && (
        <RelationsSection csrfToken={token} units={units} onUnitsChanged={() => void loadUnits()} />
      )}
      {tab === 'citizens' && desk.kiosk && (
        <p>
          <button type="button" class="button button-secondary" onClick={() => go({ kind: 'back' })}>
            <Icon name="tablet" /> {t('desk.backToKiosk', { label: desk.kiosk.label })}
          </button>
        </p>
      )}
      {tab === 'citizens' && (
        <CitizensSection key={desk.citizen?.id ?? ''} csrfToken={token} open={desk.citizen} />
      )}
      {tab === 'cases' && <CasesSection />}
      {tab === 'staff' && (
        <StaffSection
          key={desk.staff?.id ?? ''}
          csrfToken={token}
          me={{ id: props.gate.session.id ?? null, role: props.gate.session.role }}
          open={desk.staff}
        />
      )}
      {tab === 'planning' && units && <PlanningSection csrfToken={token} units={units} />}
      {tab === 'pools' && units && <PoolsSection csrfToken={token} units={units} />}
      {/* Kept mounted, hidden, while a citizen's card is open from a kiosk page: "back" returns to that page. */}
      {keepsDevices(desk) && units && (
        <div hidden={tab !== 'devices'}>
          {/* Keyed by the kiosk an alert opened: a new one starts the section on its page. */}
          <DevicesSection
            key={desk.device?.id ?? ''}
            csrfToken={token}
            units={units}
            readOnly={vendor}
            openFirst={desk.device?.id ?? null}
          />
        </div>
      )}
      {tab === 'alerts' && <AlertsSection />}
      {tab === 'import' && <ImportSection csrfToken={token} />}
      {tab === 'stats' && <StatsSection />}
      {tab === 'accounts' && (
        <SupportAccountsSection
          csrfToken={token}
          me={{ id: props.gate.session.id ?? null, role: props.gate.session.role }}
        />
      )}
      {!units &&
        error === undefined &&
        (tab === 'relations' || tab === 'planning' || tab === 'pools' || tab === 'devices') && (
          <p role="status">{t('loading')}</p>
        )}
    </SupportNavContext.Provider>
  );
}

function SupportPage() {
  const { t } = useI18n();
  // The desk asks the figures to be read again when what they count may have changed (StatusRefresh).
  const [statusRound, setStatusRound] = useState(0);
  const refreshStatus = useCallback(() => setStatusRound((n) => n + 1), []);
  return (
    <Layout title={t('title')} icon="lifebuoy">
      <p>{t('intro')}</p>
      <StatusRefresh.Provider value={refreshStatus}>
        <StatusBox large round={statusRound} />
        <StaffGate roles={STAFF_PAGES.support.roles}>
          {(gate) => <SupportDesk key={gate.session.csrfToken} gate={gate} />}
        </StaffGate>
      </StatusRefresh.Provider>
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
