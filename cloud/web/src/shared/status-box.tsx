import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef } from 'preact/hooks';
import { errorMessage } from './api.js';
import { useI18n } from './i18n-context.js';
import { Icon } from './icons.js';
import { Notice } from './notice.js';
import { fetchStatus } from './status.js';
import { useMunicipalTime } from './use-municipal-time.js';
import { usePolling } from './use-polling.js';

export const STATUS_REFRESH_MS = 5_000;

/**
 * Asks the status box to read its figures again at once. They are re-read every 5 s; after support logged in, or
 * changed what they count (registered a kiosk, a kiosk came online), "Skærme i alt" showed the old figure for up to
 * 5 s beside a kiosk list that already showed the new one (support walk, 2026-12-08). A no-op where no page
 * provides it.
 */
export const StatusRefresh = createContext<() => void>(() => undefined);

/**
 * Reads the status again when `figures` (what the caller shows of the kiosks, e.g. "41/3") changes, so the kiosk
 * list and the figures above it agree at once instead of up to 5 s apart. null: nothing shown yet.
 */
export function useStatusFollows(figures: string | null) {
  const refresh = useContext(StatusRefresh);
  const seen = useRef<string | null>(null);
  useEffect(() => {
    if (figures === null || figures === seen.current) return;
    seen.current = figures;
    refresh();
  }, [figures, refresh]);
}

/**
 * The system status as large figures. No aria-live on the figures: a region re-announced every 5 s would drown a
 * screen-reader user; only a failure is announced (via Notice).
 */
export function StatusBox(props: {
  headingLevel?: 2 | 3;
  large?: boolean;
  /** A new number reads the figures at once (StatusRefresh), not at the next 5 s re-read. */
  round?: number;
}) {
  const { t } = useI18n();
  // A status read always goes as the page's own (status.ts: passive), so reading at once is never activity.
  const load = useCallback((signal: AbortSignal) => fetchStatus(signal), [props.round]);
  const { data, error, updatedAt } = usePolling(load, STATUS_REFRESH_MS);
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
