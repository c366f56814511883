import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { loginErrorMessage } from '../staff/login-errors.js';
import { CodeField, StepError } from '../staff/step-parts.js';
import { switchConsole } from './nightwatch-api.js';

/**
 * Quick personal switching on the shared console (issue 4 §3): the next person types their username and the
 * code from THEIR authenticator app. The server revokes this session and sets a new cookie
 * (POST /api/night-watch/console/switch); the caller then throws away everything on screen (see main.tsx).
 * The duty goes with it on the server, and only once the code was right (console-switch.ts control 5): the new
 * person is on duty where the previous one was, and "Meld … af vagten" takes the previous one off.
 * The same form is on the lock screen (lock-screen.tsx), where a colleague finds someone else's locked console.
 */
export function SwitchPanel(props: {
  csrfToken: string;
  currentName: string;
  onDuty: boolean;
  onSwitched: (displayName: string) => void;
  /** Inside the lock screen: a lower heading, no panel of its own, the username field focused, a way back. */
  onLockScreen?: { onCancel: () => void };
}) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [code, setCode] = useState('');
  const [offDuty, setOffDuty] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const embedded = props.onLockScreen !== undefined;
  // Opened by a press on the lock screen: the person types at once (WCAG 2.4.3, focus follows the action).
  useEffect(() => {
    if (embedded) first.current?.focus();
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const name = username.trim();
    const typed = code.replace(/\s+/g, '');
    if (!name || !typed) return setError(t('switch.missing'));
    setBusy(true);
    setError(null);
    try {
      const switched = await switchConsole(props.csrfToken, name, typed, props.onDuty && offDuty);
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

  const Heading = embedded ? 'h3' : 'h2';
  return (
    <form
      class={embedded ? 'lock-switch' : 'panel'}
      onSubmit={submit}
      noValidate
      aria-labelledby="switch-heading"
    >
      <Heading id="switch-heading">
        <Icon name="users" /> {t('switch.heading')}
      </Heading>
      <p>{t('switch.intro', { name: props.currentName })}</p>
      <div class="field">
        <label for="switch-username">
          <Icon name="user" /> {t('switch.username')}
        </label>
        <input
          ref={first}
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
      {props.onLockScreen && (
        <button type="button" class="button button-secondary" onClick={props.onLockScreen.onCancel}>
          <Icon name="lock" /> {t('lock.backToUnlock', { name: props.currentName })}
        </button>
      )}
    </form>
  );
}
