import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { ConfirmPanel } from './confirm-panel.js';
import { useAction } from './parts.js';
import { type ResetOutcome, resetAccess } from './reset-access-api.js';

/**
 * "Nulstil adgang": a question that says what happens (one-time password, new app, old factors dead, logged out;
 * a closed account opens again), then the one-time password once. It lives only in this component's state: hidden
 * by the person once handed over, gone when the page is left, never shown again (the cloud keeps only its hash).
 */
export function ResetAccessPanel(props: {
  csrfToken: string;
  staffId: string;
  name: string;
  closed: boolean;
  onDone?: () => void;
}) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<ResetOutcome | null>(null);
  const { busy, error, run } = useAction();
  const id = `reset-${props.staffId}`;
  // Once the code is hidden, focus goes back to the button it came from, not to the page's start.
  const again = useRef<HTMLButtonElement>(null);
  const [hidden, setHidden] = useState(false);
  useEffect(() => {
    if (hidden && !outcome) again.current?.focus();
  }, [hidden, outcome]);
  if (outcome) {
    const hide = () => {
      setOutcome(null);
      setHidden(true);
    };
    return <OneTimePassword id={id} outcome={outcome} onHide={hide} />;
  }
  return (
    <>
      {!confirming && (
        <p>
          <button
            type="button"
            class="button button-secondary"
            ref={again}
            onClick={() => setConfirming(true)}
          >
            <Icon name="key" /> {t('reset.button', { name: props.name })}
          </button>
        </p>
      )}
      {confirming && (
        <ConfirmPanel
          id={id}
          heading={t('reset.heading', { name: props.name })}
          yes={t('reset.yes')}
          no={t('reset.no')}
          busy={busy}
          error={error}
          onCancel={() => setConfirming(false)}
          onConfirm={() =>
            void run(async () => {
              const done = await resetAccess(props.csrfToken, props.staffId, props.closed);
              setConfirming(false);
              setHidden(false);
              setOutcome(done);
              props.onDone?.();
            })
          }
        >
          <p>{t('reset.text', { name: props.name })}</p>
          {props.closed && <p>{t('reset.reopenText')}</p>}
        </ConfirmPanel>
      )}
    </>
  );
}

/**
 * The temporary password, once: the username beside it (the person needs both), the code large and spaced in a
 * monospace font so it can be read aloud character by character, in a box that wraps and grows on a phone (an
 * input showed 7 of its 20 characters at 390 px), and focus on it as the question closes, so the
 * keyboard and a screen reader land on what was made (WCAG 2.2 SC 2.4.3).
 */
function OneTimePassword(props: { id: string; outcome: ResetOutcome; onHide: () => void }) {
  const { t } = useI18n();
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);
  const { outcome, id } = props;
  return (
    <Notice kind="success">
      <p>
        {t('reset.done', { name: outcome.displayName })} {outcome.reopened ? t('reset.reopened') : ''}
      </p>
      <p data-testid="reset-username">{t('reset.username', { username: outcome.username })}</p>
      <p>
        <label for={`${id}-password`}>
          <strong>{t('reset.passwordLabel')}</strong>
        </label>
      </p>
      <textarea
        id={`${id}-password`}
        ref={field}
        readOnly
        rows={1}
        value={outcome.oneTimePassword}
        class="one-time-password"
        data-testid="one-time-password"
        spellcheck={false}
        autoComplete="off"
        aria-describedby={`${id}-once`}
      />
      <p id={`${id}-once`} class="hint">
        {t('reset.handOver', { name: outcome.displayName })}
      </p>
      <p>
        <button type="button" class="button button-secondary" onClick={props.onHide}>
          <Icon name="check" /> {t('reset.hide')}
        </button>
      </p>
    </Notice>
  );
}
