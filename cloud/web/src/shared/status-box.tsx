import { errorMessage } from './api.js';
import { useI18n } from './i18n-context.js';
import { Icon } from './icons.js';
import { Notice } from './notice.js';
import { fetchStatus } from './status.js';
import { useMunicipalTime } from './use-municipal-time.js';
import { usePolling } from './use-polling.js';

export const STATUS_REFRESH_MS = 5_000;

/**
 * The system status as large figures. No aria-live on the figures: a region re-announced every 5 s would drown a
 * screen-reader user; only a failure is announced (via Notice).
 */
export function StatusBox(props: { headingLevel?: 2 | 3; large?: boolean }) {
  const { t } = useI18n();
  const { data, error, updatedAt } = usePolling(fetchStatus, STATUS_REFRESH_MS);
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2';
  const municipal = useMunicipalTime();
  const time = updatedAt && municipal(updatedAt, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (
    <section class={props.large ? 'status status-large' : 'status'} aria-labelledby="status-heading">
      <Heading id="status-heading">
        <Icon name="activity" /> {t('status.heading')}
      </Heading>
      {data && !data.devices && <p data-testid="service-up">{t('status.up')}</p>}
      {data?.devices ? (
        <dl class="figures">
          <div class="figure" data-testid="devices-online">
            <dt>
              <Icon name="wifi" /> {t('status.devicesOnline')}
            </dt>
            <dd>{data.devices.online}</dd>
          </div>
          <div class="figure" data-testid="devices-total">
            <dt>
              <Icon name="tablet" /> {t('status.devicesTotal')}
            </dt>
            <dd>{data.devices.total}</dd>
          </div>
          <div class="figure" data-testid="version">
            <dt>
              <Icon name="tag" /> {t('status.version')}
            </dt>
            <dd class="figure-text">{data.version}</dd>
          </div>
        </dl>
      ) : (
        !data && !error && <p>{t('status.loading')}</p>
      )}
      {data?.scope === 'municipality' && <p class="muted">{t('status.ownMunicipality')}</p>}
      {time && (
        <p class="muted">
          <Icon name="clock" /> {t('status.updated', { time })}
        </p>
      )}
      {error !== undefined && (
        <Notice kind="error">
          <p>{t('status.unavailable')}</p>
          <p>{errorMessage(error, t)}</p>
        </Notice>
      )}
    </section>
  );
}
