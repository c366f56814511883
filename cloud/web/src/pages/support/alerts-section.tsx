import { useCallback } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { useMunicipalTime } from '../../shared/use-municipal-time.js';
import { usePolling } from '../../shared/use-polling.js';
import { failureText } from './action-failure.js';
import { alertText } from './alert-text.js';
import { listAlerts } from './devices-api.js';
import { Section } from './parts.js';
import { useSupportNav } from './support-nav.js';

/**
 * What needs support's attention now (GET /api/alerts, issue 12 §3), critical first; re-read every 30 s. An
 * inactive account (staff or citizen) says when it closes by itself and opens the person's card, where "Luk …"
 * is (or, for a citizen still served, where support sees her kiosk and devices).
 */
export function AlertsSection() {
  const { t, language } = useI18n();
  const nav = useSupportNav();
  const municipal = useMunicipalTime();
  const load = useCallback((signal: AbortSignal, passive: boolean) => listAlerts(signal, passive), []);
  const alerts = usePolling(load, 30_000);
  const list = alerts.data;
  return (
    <Section id="alerts" icon="alert" title={t('alerts.heading')}>
      {alerts.error !== undefined && <Notice kind="error">{failureText(alerts.error, t)}</Notice>}
      {list === undefined && alerts.error === undefined && <p role="status">{t('loading')}</p>}
      {list?.length === 0 && <p>{t('alerts.none')}</p>}
      {list && list.length > 0 && (
        <ul class="choice-list" data-testid="alert-list">
          {list.map((a) => (
            <li key={`${a.kind}-${a.subject.id}`} class={`alert-${a.severity}`}>
              <strong>
                <Icon name={a.severity === 'critical' ? 'alert' : 'info'} /> {t(`alerts.${a.severity}`)}:
              </strong>{' '}
              {alertText(t, language, a, new Date())}
              {nav && a.subject.kind === 'staff' && (
                <>
                  {' '}
                  <button
                    type="button"
                    class="button button-secondary"
                    onClick={() => nav.openStaff({ id: a.subject.id, name: a.subject.name })}
                  >
                    <Icon name="user" /> {t('alerts.openStaff', { name: a.subject.name })}
                  </button>
                </>
              )}
              {nav && a.subject.kind === 'citizen' && (
                <>
                  {' '}
                  <button
                    type="button"
                    class="button button-secondary"
                    onClick={() => nav.openCitizen({ id: a.subject.id, name: a.subject.name }, null)}
                  >
                    <Icon name="user" /> {t('alerts.openCitizen', { name: a.subject.name })}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {alerts.updatedAt && (
        <p class="hint">
          {t('alerts.updated', {
            time: municipal(alerts.updatedAt, { hour: '2-digit', minute: '2-digit' }),
          })}
        </p>
      )}
    </Section>
  );
}
