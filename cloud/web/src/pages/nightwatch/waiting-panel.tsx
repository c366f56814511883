import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import type { WaitingCall } from './nightwatch-api.js';

/**
 * "Calls waiting while everyone is busy form a visible queue" (issue 4 §3): the pool's queue from the server,
 * head first, with how long each has waited. Whoever of the pool becomes free is rung with the head first.
 */
export function WaitingPanel(props: { waiting: readonly WaitingCall[] | undefined; failed: boolean }) {
  const { t } = useI18n();
  const minutes = (iso: string) => Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 60_000));
  return (
    <section class="panel" aria-labelledby="waiting-heading">
      <h2 id="waiting-heading">
        <Icon name="phone" /> {t('waiting.heading')}
      </h2>
      {props.waiting === undefined ? (
        <p>{props.failed ? t('waiting.failed') : t('loading')}</p>
      ) : props.waiting.length === 0 ? (
        <p data-testid="waiting-none">{t('waiting.none')}</p>
      ) : (
        <ol class="ringing-list" data-testid="waiting-calls">
          {props.waiting.map((w) => (
            <li key={w.callId} class="ringing">
              <span class="ringing-name">
                {t('waiting.position', { position: w.position })} <Icon name="user" /> {w.citizenName}{' '}
                <span class="muted-inline">{t('waiting.for', { count: minutes(w.waitingSince) })}</span>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
