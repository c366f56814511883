import { useState } from 'preact/hooks';
import { errorMessage } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { recordOutcome, type Slot, type SlotOutcome } from './day-plan-api.js';

type Choice = SlotOutcome['outcome'];
const CHOICES: readonly Choice[] = ['completed', 'no_answer', 'cancelled'];

/** After a call from the plan: how did it go? Recorded once (the cloud refuses a second outcome). */
export function SlotOutcomeForm(props: {
  slot: Slot;
  csrfToken: string;
  suggested: Choice;
  onDone: (slot: Slot | null) => void;
}) {
  const { t } = useI18n();
  const [choice, setChoice] = useState<Choice>(props.suggested);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const missingReason = choice === 'cancelled' && reason.trim() === '';

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    if (missingReason) return setError(t('outcome.reasonMissing'));
    setBusy(true);
    setError(null);
    try {
      const body: SlotOutcome =
        choice === 'cancelled' ? { outcome: 'cancelled', reason: reason.trim() } : { outcome: choice };
      props.onDone(await recordOutcome(props.csrfToken, props.slot.id, body));
    } catch (e) {
      setError(errorMessage(e, t));
      setBusy(false);
    }
  };

  return (
    <form class="panel outcome-form" onSubmit={submit} noValidate data-testid="outcome-form">
      <fieldset>
        <legend>
          <Icon name="check" /> {t('outcome.legend', { name: props.slot.citizenName })}
        </legend>
        {CHOICES.map((c) => (
          <label class="choice" key={c}>
            <input
              type="radio"
              name="outcome"
              value={c}
              checked={choice === c}
              onChange={() => setChoice(c)}
            />{' '}
            {t(`outcome.${c}`)}
          </label>
        ))}
      </fieldset>
      {choice === 'cancelled' && (
        <div class="field">
          <label for="cancel-reason">{t('outcome.reason')}</label>
          <input
            id="cancel-reason"
            maxLength={200}
            value={reason}
            aria-invalid={error !== null && missingReason}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        </div>
      )}
      <div class="actions">
        <button class="button" type="submit" aria-disabled={busy}>
          <Icon name="check" /> {t('outcome.save')}
        </button>
        <button class="button button-secondary" type="button" onClick={() => props.onDone(null)}>
          {t('outcome.later')}
        </button>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
    </form>
  );
}
