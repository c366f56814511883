import { useState } from 'preact/hooks';
import { apiFetch, errorMessage, isApiError } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { formatActivationCode, isCompleteActivationCode } from './activation-code.js';

/** Proposed route for a citizen's own device; until the cloud has it, the 404 becomes a kind message. */
export const ACTIVATE_PATH = '/api/citizen/activate';

type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'incomplete'; count: number }
  | { kind: 'unavailable' }
  | { kind: 'ok' }
  | { kind: 'failed'; message: string };

const NOT_THERE = new Set([404, 405, 501]);

export function ActivationForm() {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  const submit = async (event: Event) => {
    event.preventDefault();
    if (outcome.kind === 'busy') return;
    if (!isCompleteActivationCode(code)) {
      return setOutcome({ kind: 'incomplete', count: code.replaceAll('-', '').length });
    }
    setOutcome({ kind: 'busy' });
    try {
      await apiFetch(ACTIVATE_PATH, { method: 'POST', body: { code }, parse: () => null });
      setOutcome({ kind: 'ok' });
    } catch (error) {
      if (isApiError(error) && error.reason === 'problem' && NOT_THERE.has(error.status ?? 0)) {
        return setOutcome({ kind: 'unavailable' });
      }
      setOutcome({ kind: 'failed', message: errorMessage(error, t) });
    }
  };

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
            <p data-testid="problem-detail">{outcome.message}</p>
          </Notice>
        )}
      </div>
      {outcome.kind === 'unavailable' && <Notice kind="info">{t('notAvailable')}</Notice>}
      {outcome.kind === 'ok' && <Notice kind="success">{t('success')}</Notice>}
    </form>
  );
}
