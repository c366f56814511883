import { useState } from 'preact/hooks';
import { apiFetch, errorMessage, isApiError } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';

/** Arrives with the identity work; until then the cloud answers 404 and the form says so kindly. */
export const LOGIN_PATH = '/api/auth/login';

type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'ok' }
  | { kind: 'missing' }
  | { kind: 'unavailable' }
  | { kind: 'failed'; message: string };

/** 404/405/501: the route does not exist on this cloud yet, which is not the person's fault. */
const NOT_THERE = new Set([404, 405, 501]);

export function LoginForm() {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  const submit = async (event: Event) => {
    event.preventDefault();
    if (outcome.kind === 'busy') return;
    if (!username.trim() || !password) return setOutcome({ kind: 'missing' });
    setOutcome({ kind: 'busy' });
    try {
      await apiFetch(LOGIN_PATH, {
        method: 'POST',
        body: { username: username.trim(), password },
        parse: () => null,
      });
      setPassword('');
      setOutcome({ kind: 'ok' });
    } catch (error) {
      if (isApiError(error) && error.reason === 'problem' && NOT_THERE.has(error.status ?? 0)) {
        return setOutcome({ kind: 'unavailable' });
      }
      setOutcome({ kind: 'failed', message: errorMessage(error, t) });
    }
  };

  const busy = outcome.kind === 'busy';
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="login-heading">
      <h2 id="login-heading">
        <Icon name="login" /> {t('submit')}
      </h2>
      <div class="field">
        <label for="username">
          <Icon name="user" /> {t('username')}
        </label>
        <input
          id="username"
          name="username"
          autocomplete="username"
          autocapitalize="none"
          spellcheck={false}
          value={username}
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="password">
          <Icon name="lock" /> {t('password')}
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </div>
      <button class="button" type="submit" aria-disabled={busy}>
        <Icon name="login" /> {busy ? t('submitting') : t('submit')}
      </button>
      {outcome.kind === 'missing' && <Notice kind="error">{t('missing')}</Notice>}
      {outcome.kind === 'unavailable' && <Notice kind="info">{t('notAvailable')}</Notice>}
      {outcome.kind === 'ok' && <Notice kind="success">{t('success')}</Notice>}
      {outcome.kind === 'failed' && (
        <Notice kind="error">
          <p>{t('failed')}</p>
          <p data-testid="problem-detail">{outcome.message}</p>
        </Notice>
      )}
    </form>
  );
}
