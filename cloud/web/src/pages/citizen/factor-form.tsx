import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { type LoginResult, startSession } from './citizen-api.js';
import { factorError } from './factor-error.js';

/** The PIN or authenticator code a citizen's security level asks for, after the browser is bound. */
export function FactorForm(props: { needs: 'pin' | 'totp'; onResult: (result: LoginResult) => void }) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  // The refusal itself, put into words as it is shown (factorError), so it follows the page's language.
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  const error = failure && factorError(failure.error, t);
  const input = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => input.current?.focus(), []);
  const pin = props.needs === 'pin';

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      props.onResult(await startSession(pin ? { pin: value } : { totp: value }));
    } catch (e) {
      setFailure({ error: e });
      setValue('');
      setBusy(false);
    }
  };

  return (
    <form class="activation" onSubmit={submit} noValidate>
      <h2>
        <Icon name="lock" /> {pin ? t('factor.pinTitle') : t('factor.totpTitle')}
      </h2>
      <div class="field">
        <label for="factor" class="code-label">
          {pin ? t('factor.pinLabel') : t('factor.totpLabel')}
        </label>
        <p id="factor-hint" class="hint">
          {pin ? t('factor.pinHint') : t('factor.totpHint')}
        </p>
        {pin ? (
          <input
            type="password"
            id="factor"
            ref={input}
            class="code-input"
            inputMode={'numeric' as const}
            autocomplete={pin ? ('current-password' as const) : ('one-time-code' as const)}
            maxLength={pin ? 8 : 6}
            aria-describedby={error ? 'factor-hint factor-error' : 'factor-hint'}
            aria-invalid={error !== null}
            value={value}
            onInput={(e) => setValue(e.currentTarget.value.replace(/\D/g, ''))}
          />
        ) : (
          <input
            type="text"
            id="factor"
            ref={input}
            class="code-input"
            inputMode={'numeric' as const}
            autocomplete={pin ? ('current-password' as const) : ('one-time-code' as const)}
            maxLength={pin ? 8 : 6}
            aria-describedby={error ? 'factor-hint factor-error' : 'factor-hint'}
            aria-invalid={error !== null}
            value={value}
            onInput={(e) => setValue(e.currentTarget.value.replace(/\D/g, ''))}
          />
        )}
      </div>
      <button class="button button-huge" type="submit" aria-disabled={busy}>
        <Icon name="check" size={36} /> {busy ? t('submitting') : t('factor.submit')}
      </button>
      <div id="factor-error">{error && <Notice kind="error">{error}</Notice>}</div>
    </form>
  );
}
