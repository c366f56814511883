import { useState } from 'preact/hooks';
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
  if (outcome) {
    return (
      <Notice kind="success">
        <p>
          {t('reset.done', { name: outcome.displayName })} {outcome.reopened ? t('reset.reopened') : ''}
        </p>
        <p>
          <label for={`${id}-password`}>
            <strong>{t('reset.passwordLabel')}</strong>
          </label>
        </p>
        <input
          id={`${id}-password`}
          type="text"
          readOnly
          value={outcome.oneTimePassword}
          class="one-time-password"
          data-testid="one-time-password"
          aria-describedby={`${id}-once`}
        />
        <p id={`${id}-once`} class="hint">
          {t('reset.handOver', { username: outcome.username })}
        </p>
        <p>
          <button type="button" class="button button-secondary" onClick={() => setOutcome(null)}>
            <Icon name="check" /> {t('reset.hide')}
          </button>
        </p>
      </Notice>
    );
  }
  return (
    <>
      {!confirming && (
        <p>
          <button type="button" class="button button-secondary" onClick={() => setConfirming(true)}>
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
