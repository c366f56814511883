import { useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { type LoginStep, login } from './auth-api.js';
import { StepHeading, useStepAction } from './step-parts.js';

export type LoggedOutNotice = 'idle' | 'self' | 'everywhere' | 'ended';

const NOTICE_KEY: Record<LoggedOutNotice, string> = {
  idle: 'loggedOut.idle',
  self: 'loggedOut.self',
  everywhere: 'loggedOut.everywhere',
  ended: 'loggedOut.ended',
};

/** Step 1: username and password. The answer never logs in by itself; it names the next step. */
export function LoginForm(props: {
  focus: boolean;
  notice: LoggedOutNotice | undefined;
  onStep: (step: LoginStep, username: string) => void;
}) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  const { busy, error, run } = useStepAction('password');

  const submit = (event: Event) => {
    event.preventDefault();
    const name = username.trim();
    setMissing(!name || !password);
    if (!name || !password) return;
    void run(async () => {
      const step = await login(name, password);
      setPassword('');
      props.onStep(step, name);
    });
  };

  const invalid = missing || error !== null;
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="login-heading">
      <StepHeading id="login-heading" icon="login" focus={props.focus}>
        {t('submit')}
      </StepHeading>
      {props.notice && (
        <Notice kind="info">
          <p data-testid="logged-out">{t(NOTICE_KEY[props.notice])}</p>
        </Notice>
      )}
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
          aria-invalid={invalid}
          aria-describedby={invalid ? 'login-error' : undefined}
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
          aria-invalid={invalid}
          aria-describedby={invalid ? 'login-error' : undefined}
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </div>
      <button class="button" type="submit" aria-disabled={busy}>
        <Icon name="login" /> {busy ? t('submitting') : t('submit')}
      </button>
      <div id="login-error">
        {missing && <Notice kind="error">{t('missing')}</Notice>}
        {!missing && error && (
          <Notice kind="error">
            <p>{t('failed')}</p>
            <p data-testid="problem-detail">{error}</p>
          </Notice>
        )}
      </div>
    </form>
  );
}
