import { useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { loginErrorMessage } from '../staff/login-errors.js';
import { CodeField, StepError } from '../staff/step-parts.js';
import { setDuty, switchConsole } from './nightwatch-api.js';

/**
 * Quick personal switching on the shared console (issue 4 §3): the next person types their username and the
 * code from THEIR authenticator app. The server revokes this session and sets a new cookie
 * (POST /api/night-watch/console/switch); the caller then throws away everything on screen (see main.tsx).
 */
export function SwitchPanel(props: {
  csrfToken: string;
  currentName: string;
  poolId: string | undefined;
  onDuty: boolean;
  onSwitched: (displayName: string) => void;
}) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [code, setCode] = useState('');
  const [offDuty, setOffDuty] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const name = username.trim();
    const typed = code.replace(/\s+/g, '');
    if (!name || !typed) return setError(t('switch.missing'));
    setBusy(true);
    setError(null);
    try {
      // Off duty first, with the current session: after the switch it no longer exists.
      if (props.onDuty && offDuty && props.poolId) await setDuty(props.csrfToken, props.poolId, false);
      const switched = await switchConsole(props.csrfToken, name, typed);
      // The watch continues (issue 10 §5): when the outgoing person was on duty, the incoming one is on duty
      // from the switch on, with the new session; "Gå af vagt" is one press if that was not wanted.
      if (props.onDuty && props.poolId)
        await setDuty(switched.csrfToken, props.poolId, true).catch(() => undefined);
      try {
        sessionStorage.clear();
      } catch {
        // Storage disabled: nothing of ours is in it then. The server also sends Clear-Site-Data.
      }
      props.onSwitched(switched.displayName);
    } catch (e) {
      setError(loginErrorMessage(e, t, 'other'));
      setBusy(false);
    }
  };

  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="switch-heading">
      <h2 id="switch-heading">
        <Icon name="users" /> {t('switch.heading')}
      </h2>
      <p>{t('switch.intro', { name: props.currentName })}</p>
      <div class="field">
        <label for="switch-username">
          <Icon name="user" /> {t('switch.username')}
        </label>
        <input
          id="switch-username"
          name="switch-username"
          autocomplete="off"
          autocapitalize="none"
          spellcheck={false}
          aria-invalid={error !== null}
          aria-describedby={error ? 'switch-code-error' : undefined}
          value={username}
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
      </div>
      <CodeField
        id="switch-code"
        label={t('switch.code')}
        hint={t('code.hint')}
        icon="phone"
        numeric
        value={code}
        invalid={error !== null}
        onInput={setCode}
      />
      {props.onDuty && (
        <div class="check-field">
          <input
            id="switch-off-duty"
            type="checkbox"
            checked={offDuty}
            onChange={(e) => setOffDuty(e.currentTarget.checked)}
          />
          <label for="switch-off-duty">{t('switch.offDuty', { name: props.currentName })}</label>
        </div>
      )}
      <button class="button" type="submit" aria-disabled={busy}>
        <Icon name="login" /> {busy ? t('busy') : t('switch.submit')}
      </button>
      <StepError id="switch-code-error" message={error} />
    </form>
  );
}
