import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, errorMessage, fieldErrors } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { fetchSlot, recordOutcome, type Slot, type SlotOutcome } from './day-plan-api.js';

type Choice = SlotOutcome['outcome'];
type Via = 'phone' | 'on_site';
const CHOICES: readonly Choice[] = ['completed', 'no_answer', 'cancelled'];
const VIAS: readonly Via[] = ['phone', 'on_site'];

/**
 * After a call from the plan: how did it go? Recorded once (the cloud refuses a second outcome). Issue 13:
 * nothing is pre-selected, and "Gennemført" for a call that never connected needs a reason (by phone, on
 * site); the cloud enforces the same (409) so the form is a convenience, not the guard.
 */
export function SlotOutcomeForm(props: {
  slot: Slot;
  csrfToken: string;
  /** Opened from the plan's row, further down the page: move focus (and the view) to the question. */
  focus?: boolean;
  onDone: (slot: Slot | null) => void;
}) {
  const { t } = useI18n();
  const legend = useRef<HTMLLegendElement>(null);
  useEffect(() => {
    if (!props.focus) return;
    legend.current?.scrollIntoView({ block: 'center' });
    legend.current?.focus();
  }, [props.focus]);
  const [choice, setChoice] = useState<Choice | null>(null);
  const [via, setVia] = useState<Via | null>(null);
  const [connected, setConnected] = useState<boolean | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reasonRefused, setReasonRefused] = useState(false);

  useEffect(() => {
    const abort = new AbortController();
    fetchSlot(props.slot.id, abort.signal).then(
      (s) => setConnected(s.connected),
      () => setConnected(false), // unknown: ask for the reason; the cloud still accepts a connected call without
    );
    return () => abort.abort();
  }, [props.slot.id]);

  const needsVia = choice === 'completed' && connected === false;
  const missingReason = choice === 'cancelled' && reason.trim() === '';

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    if (choice === null) return setError(t('outcome.choiceMissing'));
    if (needsVia && via === null) return setError(t('outcome.viaMissing'));
    if (missingReason) return setError(t('outcome.reasonMissing'));
    setBusy(true);
    setError(null);
    try {
      const body: SlotOutcome =
        choice === 'cancelled'
          ? { outcome: 'cancelled', reason: reason.trim() }
          : choice === 'completed'
            ? needsVia && via
              ? { outcome: 'completed', via }
              : { outcome: 'completed' }
            : { outcome: choice };
      props.onDone(await recordOutcome(props.csrfToken, props.slot.id, body));
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && choice === 'completed' && !needsVia) {
        setConnected(false);
        setError(t('outcome.viaMissing'));
      } else {
        // The cloud's word on the reason (e.g. a CPR number in it) says what to change; the general one does not.
        const refused = fieldErrors(e).reason;
        setReasonRefused(refused !== undefined);
        setError(refused ?? errorMessage(e, t));
      }
      setBusy(false);
    }
  };

  return (
    <form class="panel outcome-form" onSubmit={submit} noValidate data-testid="outcome-form">
      <fieldset>
        <legend ref={legend} tabIndex={-1}>
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
      {needsVia && (
        <fieldset>
          <legend>{t('outcome.viaLegend')}</legend>
          <p>{t('outcome.notConnected')}</p>
          {VIAS.map((v) => (
            <label class="choice" key={v}>
              <input type="radio" name="via" value={v} checked={via === v} onChange={() => setVia(v)} />{' '}
              {t(`outcome.via.${v}`)}
            </label>
          ))}
        </fieldset>
      )}
      {choice === 'cancelled' && (
        <div class="field">
          <label for="cancel-reason">{t('outcome.reason')}</label>
          <p id="cancel-reason-hint">{t('outcome.reasonHint')}</p>
          <input
            id="cancel-reason"
            maxLength={200}
            value={reason}
            aria-describedby="cancel-reason-hint"
            aria-invalid={error !== null && (missingReason || reasonRefused)}
            onInput={(e) => {
              setReason(e.currentTarget.value);
              setReasonRefused(false);
            }}
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
