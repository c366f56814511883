import { useCallback } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Notice } from '../../shared/notice.js';
import { useMunicipalTime } from '../../shared/use-municipal-time.js';
import { usePolling } from '../../shared/use-polling.js';
import { failureText } from './action-failure.js';
import { groupAlerts } from './alert-groups.js';
import { AlertBody, AlertGroupLine, Severity } from './alert-line.js';
import { listAlerts } from './devices-api.js';
import { Section } from './parts.js';

/**
 * What needs support's attention now (GET /api/alerts, issue 12 §3), critical first; re-read every 30 s. An
 * inactive account (staff or citizen) says when it closes by itself and opens the person's card, where "Luk …"
 * is (or, for a citizen still served, where support sees her kiosk and devices). Many alerts of one kind (after a
 * bulk import: twelve citizens nobody has used yet) are one line with a button that shows who (alert-groups.ts).
 */
export function AlertsSection() {
  const { t } = useI18n();
  const municipal = useMunicipalTime();
  const load = useCallback((signal: AbortSignal, passive: boolean) => listAlerts(signal, passive), []);
  const alerts = usePolling(load, 30_000);
  const list = alerts.data;
  const now = new Date();
  return (
    <Section id="alerts" icon="alert" title={t('alerts.heading')}>
      {alerts.error !== undefined && <Notice kind="error">{failureText(alerts.error, t)}</Notice>}
      {list === undefined && alerts.error === undefined && <p role="status">{t('loading')}</p>}
      {list?.length === 0 && <p>{t('alerts.none')}</p>}
      {list && list.length > 0 && (
        <ul class="choice-list" data-testid="alert-list">
          {/* Keyed by the group, so an open group stays open across the 30 s re-reads. */}
          {groupAlerts(list).map((line) =>
            line.kind === 'many' ? (
              <AlertGroupLine key={`group-${line.key}`} group={line} now={now} />
            ) : (
              <li key={`${line.alert.kind}-${line.alert.subject.id}`} class={`alert-${line.alert.severity}`}>
                <Severity severity={line.alert.severity} /> <AlertBody alert={line.alert} now={now} />
              </li>
            ),
          )}
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
