import { startAuthentication } from '@simplewebauthn/browser';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { useConsoleLock } from './console-lock.js';
import { SwitchPanel } from './switch-panel.js';

/**
 * The locked console (issue 10 §1): no resident's name, no queue details, no shifts; only that it is locked,
 * WHOSE console it is, whether a call rings, and one field: the person's unlock PIN if they chose one, else the
 * newest code from their authenticator app. The console underneath keeps its socket, so the ring goes on while
 * the code is typed; unlocking shows the call at once.
 * The night watch shares its computers: a colleague who sits down at a locked console sees whose it is and
 * "Skift person", the console's own switch (switch-panel.tsx) with their own username and code; the locked
 * session is then ended, never opened (night-watch walk: the lock was a dead end for the next person).
 */
export function LockScreen(props: {
  ringing: number;
  /** The locked session's person (GET /api/auth/session names them while locked). */
  owner: string;
  /** The locked session's CSRF token: "Skift person" is sent with it. */
  csrfToken: string;
  onUnlocked: () => void;
  onSwitched: (displayName: string) => void;
  /** A key or press on the lock screen is a user gesture: the ring's sound may start (autoplay rule). */
  onGesture: () => void;
  /** The browser keeps the ring silent (a console reloaded while locked has had no gesture yet). */
  soundBlocked: boolean;
}) {
  const { t } = useI18n();
  const lock = useConsoleLock();
  const [switching, setSwitching] = useState(false);
  const [code, setCode] = useState('');
  // The PIN when the person has one; the authenticator app's code is one press away (and the only way once
  // five wrong PINs switched the PIN off).
  const [usePin, setUsePin] = useState(lock.pin);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = useRef<HTMLInputElement>(null);
  // On mount, and back from "Skift person": the unlock field is where the person types.
  useEffect(() => {
    if (!switching) field.current?.focus();
  }, [switching]);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const value = code.trim();
    if (!(usePin ? /^[0-9]{6,8}$/ : /^[0-9]{6}$/).test(value)) {
      setError(t(usePin ? 'lock.pinFormat' : 'lock.codeFormat'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await lock.unlock(usePin ? { pin: value } : { code: value });
      // "Lås op og besvar": one step from the code to the resident.
      if (props.ringing > 0) props.onUnlocked();
    } catch (err) {
      setError(errorMessage(err, t));
      setCode('');
      setBusy(false);
    }
  };
  // "Lås op med nøgle": the passkey (fingerprint, face, security key) is one touch, also while it rings.
  const withPasskey = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const optionsJSON = await lock.passkeyOptions();
      let response: unknown;
      try {
        response = await startAuthentication({ optionsJSON: optionsJSON as never });
      } catch {
        // Cancelled, timed out or no matching passkey: the browser does not say which (WebAuthn §5.1.4.1).
        setError(t('lock.passkeyCancelled'));
        setBusy(false);
        return;
      }
      await lock.unlock({ passkey: response });
      if (props.ringing > 0) props.onUnlocked();
    } catch (err) {
      setError(errorMessage(err, t));
      setBusy(false);
    }
  };
  // The person's own way back in; below it, the way in for anyone else ("Skift person").
  const unlock = (
    <>
      <p>
        {t(lock.passkey ? 'lock.explainPasskey' : usePin ? 'lock.explainPin' : 'lock.explain', {
          name: props.owner,
        })}
      </p>
      {props.soundBlocked && (
        <Notice kind="error">
          <p data-testid="lock-sound-blocked">{t('lock.soundBlocked')}</p>
        </Notice>
      )}
      {lock.passkey && (
        <button
          type="button"
          class="button button-huge lock-passkey"
          aria-disabled={busy}
          onClick={() => void withPasskey()}
        >
          <Icon name="key" /> {props.ringing > 0 ? t('lock.passkeyAndAnswer') : t('lock.passkey')}
        </button>
      )}
      {lock.passkey && <p class="lock-or">{t('lock.or')}</p>}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label for="unlock-code">{t(usePin ? 'lock.pin' : 'lock.code')}</label>
        {usePin ? (
          <input
            ref={field}
            id="unlock-code"
            class="lock-code"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={8}
            value={code}
            aria-invalid={error !== null}
            aria-describedby={error ? 'unlock-error' : undefined}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
        ) : (
          <input
            ref={field}
            id="unlock-code"
            class="lock-code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            aria-invalid={error !== null}
            aria-describedby={error ? 'unlock-error' : undefined}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
        )}
        {error && (
          <Notice kind="error">
            <p id="unlock-error">{error}</p>
          </Notice>
        )}
        <button type="submit" class="button button-huge" aria-disabled={busy}>
          <Icon name="key" /> {props.ringing > 0 ? t('lock.unlockAndAnswer') : t('lock.unlock')}
        </button>
      </form>
      {lock.pin && (
        <button
          type="button"
          class="button button-secondary"
          onClick={() => {
            setUsePin(!usePin);
            setCode('');
            setError(null);
            field.current?.focus();
          }}
        >
          {t(usePin ? 'lock.useCode' : 'lock.usePin')}
        </button>
      )}
      <div class="lock-not-you">
        <p>{t('lock.notYou', { name: props.owner })}</p>
        <button type="button" class="button button-secondary" onClick={() => setSwitching(true)}>
          <Icon name="users" /> {t('switch.submit')}
        </button>
      </div>
    </>
  );
  return (
    <section
      class="panel lock-screen"
      aria-labelledby="lock-heading"
      data-testid="lock-screen"
      onPointerDown={props.onGesture}
      onKeyDown={props.onGesture}
    >
      <h2 id="lock-heading">
        <Icon name="lock" /> {t('lock.heading')}
      </h2>
      <p class="lock-owner" data-testid="lock-owner">
        <Icon name="user" /> <strong>{t('lock.owner', { name: props.owner })}</strong>
      </p>
      {switching ? (
        <SwitchPanel
          csrfToken={props.csrfToken}
          currentName={props.owner}
          onDuty
          onSwitched={props.onSwitched}
          onLockScreen={{ onCancel: () => setSwitching(false) }}
        />
      ) : (
        unlock
      )}
    </section>
  );
}
