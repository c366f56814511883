import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../../shared/api.js';
import { dutySince } from '../../shared/duty-since.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Layout } from '../../shared/layout.js';
import { mountPage } from '../../shared/mount.js';
import { Notice } from '../../shared/notice.js';
import { ownStartPage, STAFF_PAGES } from '../../shared/page-roles.js';
import { useMunicipalTime } from '../../shared/use-municipal-time.js';
import { type GateValue, StaffGate } from '../nightwatch/staff-gate.js';
import { useRefreshing } from '../nightwatch/use-refreshing.js';
import { logout } from '../staff/auth-api.js';
import { watchStrings } from './strings.js';
import { type WatchReport, watchablePools, watchReport } from './watch-api.js';
import '../nightwatch/nightwatch.css';
import './watch.css';

const REFRESH_MS = 30_000;
const WITHIN = [15, 30, 60, 120] as const;

/**
 * "Tilsyn med nattevagten" (issue 10 §6): support and the pool's unit manager watch the watchers. No "Systemets
 * tilstand" here: its kiosk counts are the whole installation's, not a pool's, and beside "Du leder ingen
 * nattevagt" a manager read them as her own (nightwalk walk).
 */
function WatchPage() {
  const { t } = useI18n();
  return (
    <Layout title={t('title')} icon="moon">
      <p>{t('intro')}</p>
      <StaffGate roles={STAFF_PAGES.watch.roles}>
        {(gate) => (
          <>
            <WatchBar gate={gate} />
            <Watch role={gate.session.role} />
          </>
        )}
      </StaffGate>
    </Layout>
  );
}

/** Who is logged in and a way out: the page is used on shared computers too, and had no "Log ud". */
function WatchBar(props: { gate: GateValue }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(undefined);
  return (
    <>
      <div class="console-bar">
        <p data-testid="watch-person">
          <Icon name="user" /> {t('watch.person', { name: props.gate.session.displayName ?? '' })}
        </p>
        <button
          type="button"
          class="button button-secondary"
          onClick={() =>
            void logout(props.gate.session.csrfToken, false).then(() => props.gate.signOut('self'), setError)
          }
        >
          <Icon name="power" /> {t('watch.logout')}
        </button>
      </div>
      {error !== undefined && (
        <Notice kind="error">
          <p>{errorMessage(error, t)}</p>
        </Notice>
      )}
    </>
  );
}

function Watch(props: { role: string }) {
  const { t } = useI18n();
  const [pools, setPools] = useState<{ id: string; name: string }[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [poolId, setPoolId] = useState('');
  const [within, setWithin] = useState<number>(30);
  useEffect(() => {
    const abort = new AbortController();
    watchablePools(abort.signal).then(
      (p) => {
        setPools(p);
        setPoolId(p[0]?.id ?? '');
      },
      (e) => !abort.signal.aborted && setError(e),
    );
    return () => abort.abort();
  }, []);
  const report = useRefreshing(
    (s) => (poolId ? watchReport(poolId, within, s) : Promise.resolve(undefined)),
    REFRESH_MS,
    `${poolId}:${within}`,
  );
  if (error !== undefined)
    return (
      <Notice kind="error">
        <p>{errorMessage(error, t)}</p>
      </Notice>
    );
  if (!pools) return <p role="status">{t('loading')}</p>;
  if (pools.length === 0) {
    // Support sees every pool, so none means the municipality has none yet; a manager leads none of them, and
    // her night-watch figures for her own units are on her own page (Overblik: "Nattevagtens opkald").
    const own = props.role === 'support' ? null : ownStartPage(props.role);
    return (
      <>
        <Notice kind="info">
          <p data-testid="watch-no-pools">
            {t(props.role === 'support' ? 'watch.noPoolsSupport' : 'watch.noPools')}
          </p>
        </Notice>
        {own && (
          <p>
            <a class="button" href={own.href}>
              <Icon name="arrowRight" /> {t(`home.ownPage.${own.page}`)}
            </a>
          </p>
        )}
      </>
    );
  }
  return (
    <>
      <div class="watch-controls">
        <div class="field">
          <label for="watch-pool">{t('watch.pool')}</label>
          <select id="watch-pool" value={poolId} onChange={(e) => setPoolId(e.currentTarget.value)}>
            {pools.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="watch-within">{t('watch.within')}</label>
          <select id="watch-within" value={within} onChange={(e) => setWithin(Number(e.currentTarget.value))}>
            {WITHIN.map((s) => (
              <option key={s} value={s}>
                {t('watch.seconds', { count: s })}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p class="watch-note">{t('refresh.note')}</p>
      {report.error !== undefined && (
        <Notice kind="error">
          <p>{t('watch.failed')}</p>
        </Notice>
      )}
      {report.data ? <Report report={report.data} /> : <p role="status">{t('loading')}</p>}
    </>
  );
}

function Report(props: { report: WatchReport }) {
  const { t } = useI18n();
  const r = props.report;
  const municipal = useMunicipalTime();
  const time = (iso: string) => municipal(iso, { hour: '2-digit', minute: '2-digit' });
  // A duty older than a shift gets its date (shared/duty-since.ts): it was most likely never ended.
  const since = (iso: string) => {
    const shown = dutySince(iso, Date.now());
    return t(shown.dated ? 'duty.sinceDay' : 'duty.since', { time: municipal(iso, shown.options) });
  };
  const when = (iso: string, show?: { zoneNote: false }) =>
    municipal(iso, { weekday: 'short', hour: '2-digit', minute: '2-digit' }, show);
  const totals: [string, number][] = [
    [t('totals.calls'), r.totals.calls],
    [t('totals.answered', { seconds: r.withinSeconds }), r.totals.answered],
    [t('totals.answeredLate'), r.totals.answeredLate],
    [t('totals.missed'), r.totals.missed],
    [t('totals.escalated'), r.totals.escalated],
    [t('totals.open'), r.totals.open],
  ];
  return (
    <>
      <section class="panel" aria-labelledby="duty-heading">
        <h2 id="duty-heading">
          <Icon name="users" /> {t('duty.heading')}
        </h2>
        {r.onDuty.length === 0 ? (
          <p>{t('duty.nobody')}</p>
        ) : (
          <ul class="watch-duty" data-testid="watch-duty">
            {r.onDuty.map((m) => (
              <li key={m.displayName + m.since} class={m.reachable ? '' : 'watch-unreachable'}>
                <Icon name={m.reachable ? 'check' : 'alert'} /> {m.displayName} —{' '}
                {t(m.reachable ? 'duty.reachable' : 'duty.unreachable')}, {since(m.since)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="panel" aria-labelledby="totals-heading">
        <h2 id="totals-heading">
          <Icon name="activity" /> {t('totals.heading')}
        </h2>
        {/* One zone note after the span covers both ends. */}
        <table data-testid="watch-totals">
          <caption>
            {t('totals.caption', { since: when(r.since, { zoneNote: false }), until: when(r.until) })}
          </caption>
          <tbody>
            {totals.map(([label, n]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="panel" aria-labelledby="calls-heading">
        <h2 id="calls-heading">
          <Icon name="phone" /> {t('calls.heading')}
        </h2>
        {r.calls.length === 0 ? (
          <p>{t('calls.none')}</p>
        ) : (
          <div class="table-scroll">
            <table data-testid="watch-calls">
              <caption>{t('calls.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('calls.time')}</th>
                  <th scope="col">{t('calls.outcome')}</th>
                  <th scope="col">{t('calls.after')}</th>
                  <th scope="col">{t('calls.by')}</th>
                  <th scope="col">{t('calls.detail')}</th>
                </tr>
              </thead>
              <tbody>
                {r.calls.map((c) => (
                  <tr key={c.placedAt} class={`outcome-${c.outcome}`}>
                    <td>{when(c.placedAt)}</td>
                    <td>{t(`outcome.${c.outcome}`)}</td>
                    <td>
                      {c.answeredAfterSeconds === null
                        ? '—'
                        : t('calls.afterValue', { seconds: c.answeredAfterSeconds })}
                    </td>
                    <td>{c.answeredBy ?? '—'}</td>
                    <td>
                      {[
                        c.reason ? t(`reason.${c.reason}`) : '',
                        c.escalatedTo ? t('reason.to', { pool: c.escalatedTo }) : '',
                      ]
                        .filter(Boolean)
                        .join(', ') || '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section class="panel" aria-labelledby="alerts-heading">
        <h2 id="alerts-heading">
          <Icon name="alert" /> {t('alerts.heading')}
        </h2>
        {r.alerts.length === 0 ? (
          <p>{t('alerts.none')}</p>
        ) : (
          <ul data-testid="watch-alerts">
            {r.alerts.map((a) => (
              <li key={a.at + a.kind}>
                {t(`alerts.${a.kind}`, { time: time(a.at), count: a.onDuty ?? 0 })}
                {a.sms && <> {t(`sms.${a.sms}`)}</>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

mountPage(watchStrings, WatchPage);
