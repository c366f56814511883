import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Layout } from '../../shared/layout.js';
import { mountPage } from '../../shared/mount.js';
import { Notice } from '../../shared/notice.js';
import { STAFF_PAGES } from '../../shared/page-roles.js';
import { weekNumber } from '../../shared/week-number.js';
import { type GateValue, StaffGate } from '../nightwatch/staff-gate.js';
import { logout } from '../staff/auth-api.js';
import { CasesView } from './cases-view.js';
import { csvUrl, type Dashboard, fetchDashboard, vtvUrl } from './dashboard-api.js';
import { devicesCardLines } from './kiosk-lines.js';
import { ReviewView } from './review-view.js';
import { DashboardSections } from './sections.js';
import { dashboardStrings } from './strings.js';
import '../nightwatch/nightwatch.css';
import '../support/support.css';
import './dashboard.css';

type View = 'overblik' | 'adgang' | 'forloeb';
const VIEWS: readonly { view: View; key: string; icon: 'activity' | 'shield' | 'users' }[] = [
  { view: 'overblik', key: 'nav.dashboard', icon: 'activity' },
  { view: 'adgang', key: 'nav.review', icon: 'shield' },
  { view: 'forloeb', key: 'nav.cases', icon: 'users' },
];
const TITLES: Record<View, string> = { overblik: 'title', adgang: 'review.title', forloeb: 'cases.title' };
const viewOf = (search: string): View => {
  const v = new URLSearchParams(search).get('vis');
  return v === 'adgang' || v === 'forloeb' ? v : 'overblik';
};

/** The business-case dashboard for unit managers (own units) and support (every unit): GET /api/dashboard. */
function DashboardDesk() {
  const { t } = useI18n();
  // Empty until the first answer: the server fills in the last 10 weeks up to the municipality's today (a date
  // from this browser's clock in UTC was yesterday between midnight and 01:00 in Copenhagen).
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const show = (period: { from: string; to: string } | null) => {
    setBusy(true);
    setError(undefined);
    fetchDashboard(period)
      .then((d) => {
        setData(d);
        if (!period) {
          setFrom(d.from);
          setTo(d.to);
        }
      }, setError)
      .finally(() => setBusy(false));
  };
  useEffect(() => show(null), []);
  // The latest WHOLE week: a half-finished current week would make uptake look like it collapsed.
  const last = data?.weeks.filter((w) => w.complete).at(-1) ?? data?.weeks.at(-1);
  const whole = new Set(data?.weeks.filter((w) => w.complete).map((w) => w.isoWeek));
  const lastUptime = data?.devices.weeks.filter((w) => whole.has(w.isoWeek)).at(-1);
  return (
    <>
      <form
        class="panel no-print"
        onSubmit={(e) => {
          e.preventDefault();
          show(from && to ? { from, to } : null);
        }}
      >
        <div class="field-row">
          <div class="field">
            <label for="dash-from">{t('period.from')}</label>
            <input id="dash-from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="dash-to">{t('period.to')}</label>
            <input id="dash-to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
          </div>
        </div>
        <div class="actions">
          <button type="submit" class="button" aria-disabled={busy}>
            <Icon name="activity" /> {t('period.show')}
          </button>
          <a class="button button-secondary" href={csvUrl(from, to)} download>
            <Icon name="arrowRight" /> {t('period.csv')}
          </a>
          <a class="button button-secondary" href={vtvUrl(from, to)} download>
            <Icon name="arrowRight" /> {t('period.vtv')}
          </a>
          <button type="button" class="button button-secondary" onClick={() => window.print()}>
            <Icon name="book" /> {t('period.print')}
          </button>
        </div>
      </form>
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      {!data && error === undefined && <p role="status">{t('loading')}</p>}
      {data && data.weeks.length === 0 && <p>{t('none')}</p>}
      {data && last && (
        <>
          <section class="panel" aria-labelledby="cards-h" data-testid="dashboard-cards">
            <h2 id="cards-h">{t('cards.heading')}</h2>
            <ul class="cards">
              <li>
                {t('cards.citizensWeek', {
                  week: weekNumber(last.isoWeek),
                  count: last.activeCitizens,
                  target: data.targets.activeCitizens,
                })}
              </li>
              <li>
                {t('cards.staffWeek', {
                  week: weekNumber(last.isoWeek),
                  count: last.activeStaff,
                  target: data.targets.activeStaff,
                })}
              </li>
              <li>
                {t('cards.citizensMonth', {
                  count: data.month.activeCitizens,
                  target: data.targets.activeCitizens,
                })}
              </li>
              <li>
                {t('cards.staffMonth', { count: data.month.activeStaff, target: data.targets.activeStaff })}
              </li>
              {devicesCardLines(data.devices).map((key) => (
                <li key={key}>
                  {t(key, {
                    online: data.devices.onlineNow,
                    lent: data.devices.lent,
                    count: data.devices.notEnrolled,
                  })}
                </li>
              ))}
              {lastUptime && (
                <li>
                  {t('cards.uptime', {
                    week: weekNumber(lastUptime.isoWeek),
                    share: String(lastUptime.sharePercent ?? '–').replace('.', ','),
                  })}
                </li>
              )}
            </ul>
          </section>
          <DashboardSections d={data} />
        </>
      )}
    </>
  );
}

/** The logged-in frame: who, log out, the three pages of the unit manager, and the chosen one. */
function ManagerDesk(props: { gate: GateValue; view: View }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(undefined);
  return (
    <>
      <div class="console-bar no-print">
        <p>
          <Icon name="user" /> {t('desk.person', { name: props.gate.session.displayName ?? '' })}
        </p>
        <button
          type="button"
          class="button button-secondary"
          onClick={() =>
            void logout(props.gate.session.csrfToken, false).then(() => props.gate.signOut('self'), setError)
          }
        >
          <Icon name="power" /> {t('desk.logout')}
        </button>
      </div>
      <nav class="manager-nav no-print" aria-label={t('nav.label')}>
        <ul>
          {VIEWS.map((v) => (
            <li key={v.view}>
              <a
                class="button button-secondary"
                href={v.view === 'overblik' ? '/dashboard/' : `/dashboard/?vis=${v.view}`}
                aria-current={props.view === v.view ? 'page' : undefined}
              >
                <Icon name={v.icon} /> {t(v.key)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      {props.view === 'overblik' && <DashboardDesk />}
      {props.view === 'adgang' && <ReviewView csrfToken={props.gate.session.csrfToken} />}
      {props.view === 'forloeb' && <CasesView csrfToken={props.gate.session.csrfToken} />}
    </>
  );
}

function DashboardPage() {
  const { t } = useI18n();
  const view = viewOf(window.location.search);
  return (
    <Layout title={t(TITLES[view])} icon={VIEWS.find((v) => v.view === view)!.icon} wide>
      {view === 'overblik' && <p>{t('intro')}</p>}
      <StaffGate roles={STAFF_PAGES.dashboard.roles}>
        {(gate) => <ManagerDesk key={gate.session.csrfToken} gate={gate} view={view} />}
      </StaffGate>
    </Layout>
  );
}

mountPage(dashboardStrings, DashboardPage);
