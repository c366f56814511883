import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { currentPushState, type PushState, turnOnPush } from './push.js';

/** An iPhone or iPad in Safari, not opened from the home screen: push needs "Føj til hjemmeskærm" first. */
function iosBrowserTab(): boolean {
  const ios = /iPad|iPhone|iPod/.test(navigator.userAgent);
  const standalone = window.matchMedia?.('(display-mode: standalone)').matches === true;
  return ios && !standalone;
}

/**
 * "Let my phone ring when it sleeps": one button, then the browser's own question. What the citizen sees
 * afterwards says plainly whether the phone will ring with the page closed (docs/guides/da/borger.md).
 */
export function PushSetup(props: { csrfToken: string | undefined }) {
  const { t } = useI18n();
  const [state, setState] = useState<PushState | 'checking' | 'asking'>('checking');
  useEffect(() => {
    currentPushState().then(setState, () => setState('unsupported'));
  }, []);

  if (state === 'checking') return null;
  if (state === 'on')
    return (
      <p class="push-state" data-testid="push-on">
        <Icon name="check" /> {t('push.on')}
      </p>
    );
  if (state === 'unsupported')
    return <p class="hint">{iosBrowserTab() ? t('push.iosInstall') : t('push.unsupported')}</p>;
  if (state === 'denied') return <Notice kind="info">{t('push.denied')}</Notice>;
  return (
    <div class="push-setup">
      <p>{t('home.keepOpen')}</p>
      <button
        type="button"
        class="button push-button"
        disabled={state === 'asking' || !props.csrfToken}
        onClick={async () => {
          if (!props.csrfToken) return;
          setState('asking');
          setState(await turnOnPush(props.csrfToken));
        }}
      >
        <Icon name="phone" /> {state === 'asking' ? t('submitting') : t('push.turnOn')}
      </button>
      {state === 'failed' && <Notice kind="error">{t('push.failed')}</Notice>}
    </div>
  );
}
