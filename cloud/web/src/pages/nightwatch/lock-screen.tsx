import { startAuthentication } from '@simplewebauthn/browser';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { useConsoleLock } from './console-lock.js';

/**
 * The locked console (issue 10 §1): no names, no queue details, no shifts; only that it is locked, whether a
 * call rings, and one field: the person's unlock PIN if they chose one, else the newest code from their
 * authenticator app. The console underneath
 * keeps its socket, so the ring goes on while the code is typed; unlocking shows the call at once.
 */
export function LockScreen(props: {
  ringing: number;
  onUnlocked: () => void;
  /** A key or press on the lock screen is a user gesture: the ring's sound may start (autoplay rule). */
  onGesture: () => void;
  /** The browser keeps the ring silent (a console reloaded while locked has had no gesture yet). */
  soundBlocked: boolean;
}) {
  const { t } = useI18n();
  const lock = useConsoleLock();
  const [code, setCode] = useState('');
  // The PIN when the person has one; the authenticator app's code is one press away (and the only way once
  // five wrong PINs switched the PIN off).
  const [usePin, setUsePin] = useState(lock.pin);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), []);
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
      <p>{t(lock.passkey ? 'lock.explainPasskey' : usePin ? 'lock.explainPin' : 'lock.explain')}</p>
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
    </section>
  );
}
