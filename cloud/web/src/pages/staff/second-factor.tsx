import { startAuthentication } from '@simplewebauthn/browser';
import { useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { type Factor, passkeyOptions, secondFactor, verifyPasskey } from './auth-api.js';
import { CodeField, StepError, StepHeading, useStepAction } from './step-parts.js';

type Method = 'totp' | 'recovery';

/**
 * Step 2 of login: a code from the authenticator app, a recovery code, or a passkey, whichever this person has
 * (the login answer lists them). Success gives a full session with a new token and CSRF token.
 */
export function SecondFactor(props: {
  csrfToken: string;
  factors: readonly Factor[];
  focus: boolean;
  onDone: (csrfToken: string) => void;
}) {
  const { t } = useI18n();
  const hasTotp = props.factors.includes('totp');
  const hasRecovery = props.factors.includes('recovery');
  const hasPasskey = props.factors.includes('passkey');
  const [method, setMethod] = useState<Method>(hasTotp || !hasRecovery ? 'totp' : 'recovery');
  const [code, setCode] = useState('');
  const { busy, error, setError, run } = useStepAction('other');

  const submit = (event: Event) => {
    event.preventDefault();
    const typed = code.trim();
    if (!typed) return setError(t(method === 'totp' ? 'code.missing' : 'recovery.missing'));
    void run(async () => {
      const done = await secondFactor(
        props.csrfToken,
        method,
        method === 'totp' ? typed.replace(/\s+/g, '') : typed,
      );
      props.onDone(done.csrfToken);
    });
  };

  const usePasskey = () =>
    run(async () => {
      const optionsJSON = await passkeyOptions(props.csrfToken);
      let response: unknown;
      try {
        response = await startAuthentication({ optionsJSON: optionsJSON as never });
      } catch {
        // Cancelled, timed out or no matching passkey: the browser does not say which (WebAuthn §5.1.4.1).
        setError(t('second.passkeyCancelled'));
        return;
      }
      props.onDone((await verifyPasskey(props.csrfToken, response)).csrfToken);
    });

  const switchTo = (next: Method) => {
    setMethod(next);
    setCode('');
    setError(null);
  };

  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="second-heading">
      <StepHeading id="second-heading" icon="shield" focus={props.focus}>
        {t('second.heading')}
      </StepHeading>
      {hasPasskey && (
        <p>
          <button class="button" type="button" aria-disabled={busy} onClick={() => void usePasskey()}>
            <Icon name="key" /> {t('second.passkey')}
          </button>
        </p>
      )}
      {(hasTotp || hasRecovery) && (
        <>
          <p>{t(method === 'totp' ? 'second.totpIntro' : 'second.recoveryIntro')}</p>
          <CodeField
            id="second-code"
            label={t(method === 'totp' ? 'code.label' : 'recovery.label')}
            hint={t(method === 'totp' ? 'code.hint' : 'recovery.hint')}
            icon={method === 'totp' ? 'phone' : 'key'}
            numeric={method === 'totp'}
            value={code}
            invalid={error !== null}
            onInput={setCode}
          />
          <div class="actions">
            <button class="button" type="submit" aria-disabled={busy}>
              <Icon name="login" /> {busy ? t('submitting') : t('submit')}
            </button>
            {method === 'totp' && hasRecovery && (
              <button class="button button-secondary" type="button" onClick={() => switchTo('recovery')}>
                <Icon name="key" /> {t('second.useRecovery')}
              </button>
            )}
            {method === 'recovery' && hasTotp && (
              <button class="button button-secondary" type="button" onClick={() => switchTo('totp')}>
                <Icon name="phone" /> {t('second.useTotp')}
              </button>
            )}
          </div>
        </>
      )}
      <StepError id="second-code-error" message={error} />
    </form>
  );
}
