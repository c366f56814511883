import { useEffect, useRef, useState } from 'preact/hooks';
import { isApiError } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { formatActivationCode, isCompleteActivationCode } from './activation-code.js';
import { activationError } from './activation-error.js';
import { activate, type LoginResult } from './citizen-api.js';

type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'incomplete'; count: number }
  | { kind: 'unavailable' }
  | { kind: 'ok'; result: LoginResult }
  /** The refusal itself, put into words as it is shown (activation-error.ts), so it follows the language. */
  | { kind: 'failed'; error: unknown };

const NOT_THERE = new Set([404, 405, 501]);

/**
 * `initialCode`: from the letter's QR code (`?code=`), so the citizen only presses Continue. `onWorked`: the code
 * has worked and only "Gå videre" is left, so the page can stop saying "Skriv din kode" (steps.ts pageText).
 */
export function ActivationForm(props: {
  initialCode?: string;
  onWorked?: () => void;
  onActivated?: (result: LoginResult) => void;
}) {
  const { t } = useI18n();
  const [code, setCode] = useState(() => formatActivationCode(props.initialCode ?? ''));
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  const submit = async (event: Event) => {
    event.preventDefault();
    if (outcome.kind === 'busy') return;
    if (!isCompleteActivationCode(code)) {
      return setOutcome({ kind: 'incomplete', count: code.replaceAll('-', '').length });
    }
    setOutcome({ kind: 'busy' });
    try {
      const result = await activate(code);
      // A PIN or authenticator code comes next at once; otherwise the citizen sees "it worked" first.
      if (result.needs) props.onActivated?.(result);
      else {
        setOutcome({ kind: 'ok', result });
        props.onWorked?.();
      }
    } catch (error) {
      if (isApiError(error) && error.reason === 'problem' && NOT_THERE.has(error.status ?? 0)) {
        return setOutcome({ kind: 'unavailable' });
      }
      setOutcome({ kind: 'failed', error });
    }
  };

  const onward = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (outcome.kind === 'ok') onward.current?.focus();
  }, [outcome.kind]);

  // Once the code has worked, the field and "Fortsæt" go: left on the page, "Fortsæt" was still the first and
  // biggest button, and a citizen who pressed it again sent the spent code and read "Koden virkede ikke." about
  // a code that had just worked (borger.md: "Koden virker kun én gang"). Only "Gå videre" remains, focused.
  if (outcome.kind === 'ok') {
    return (
      <div class="activation" data-testid="activation-done">
        <Notice kind="success">{t('success')}</Notice>
        <button
          ref={onward}
          type="button"
          class="button button-huge"
          onClick={() => props.onActivated?.(outcome.result)}
        >
          <Icon name="arrowRight" size={36} /> {t('continueHome')}
        </button>
      </div>
    );
  }

  const busy = outcome.kind === 'busy';
  const invalid = outcome.kind === 'incomplete' || outcome.kind === 'failed';
  return (
    <form class="activation" onSubmit={submit} noValidate>
      <div class="field">
        <label for="code" class="code-label">
          <Icon name="lock" size={32} /> {t('label')}
        </label>
        <p id="code-hint" class="hint">
          {t('hint')}
        </p>
        <input
          id="code"
          name="code"
          class="code-input"
          inputMode="text"
          autocomplete="one-time-code"
          autocapitalize="characters"
          spellcheck={false}
          maxLength={20}
          aria-describedby={invalid ? 'code-hint code-error' : 'code-hint'}
          aria-invalid={invalid}
          value={code}
          onInput={(e) => setCode(formatActivationCode(e.currentTarget.value))}
        />
      </div>
      <button id="activate" class="button button-huge" type="submit" aria-disabled={busy}>
        <Icon name="check" size={36} /> {busy ? t('submitting') : t('submit')}
      </button>
      <div id="code-error">
        {outcome.kind === 'incomplete' && (
          <Notice kind="error">{t('incomplete', { count: outcome.count })}</Notice>
        )}
        {outcome.kind === 'failed' && (
          <Notice kind="error">
            <p>{t('failed')}</p>
            <p data-testid="problem-detail">{activationError(outcome.error, t)}</p>
          </Notice>
        )}
      </div>
      {outcome.kind === 'unavailable' && <Notice kind="info">{t('notAvailable')}</Notice>}
    </form>
  );
}
