import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { browserLogOut, logOutHere } from './log-out.js';

/**
 * "Log ud" for a citizen on a shared or borrowed phone, tablet or PC (borger.md "Log ud"). It sits last on the
 * home screen, below everything she uses, and never on the ringing screen or in a call, so no press meant for
 * "Tag den" or "Læg på" lands on it; and it asks first, saying what logging out means here: the device stops
 * ringing for her and using it again takes a new code. The failure is kept as the error itself and put into
 * words as it is shown, so it follows the page's language.
 */
export function LogOutPanel(props: {
  csrfToken: string | undefined;
  disabled: boolean;
  onLoggedOut: () => void;
}) {
  const { t } = useI18n();
  const [stage, setStage] = useState<'closed' | 'asking' | 'busy'>('closed');
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  const no = useRef<HTMLButtonElement>(null);
  // The question takes focus on its safe answer, so a stray Enter keeps her logged in.
  useLayoutEffect(() => {
    if (stage === 'asking') no.current?.focus();
  }, [stage]);

  const confirm = async () => {
    setStage('busy');
    setFailure(null);
    try {
      await logOutHere(browserLogOut(props.csrfToken));
      props.onLoggedOut();
    } catch (error) {
      setFailure({ error });
      setStage('asking');
    }
  };

  return (
    <section class="log-out" aria-labelledby="log-out-heading">
      <h3 id="log-out-heading">{t('logout.heading')}</h3>
      <p>{t('logout.why')}</p>
      {stage === 'closed' ? (
        <button
          type="button"
          class="button button-secondary log-out-button"
          disabled={props.disabled}
          onClick={() => setStage('asking')}
        >
          <Icon name="power" size={28} /> {t('logout.open')}
        </button>
      ) : (
        <div class="log-out-question">
          <p id="log-out-question" class="lead">
            <strong>{t('logout.question')}</strong> {t('logout.explain')}
          </p>
          <div class="log-out-answers">
            <button
              type="button"
              class="button log-out-yes"
              aria-disabled={stage === 'busy'}
              onClick={() => stage === 'asking' && void confirm()}
            >
              <Icon name="power" size={28} /> {stage === 'busy' ? t('submitting') : t('logout.yes')}
            </button>
            <button
              ref={no}
              type="button"
              class="button button-secondary"
              onClick={() => {
                setFailure(null);
                setStage('closed');
              }}
            >
              {t('logout.no')}
            </button>
          </div>
          {failure && (
            <Notice kind="error">
              <p>{t('logout.failed')}</p>
              <p>{errorMessage(failure.error, t)}</p>
            </Notice>
          )}
        </div>
      )}
    </section>
  );
}
