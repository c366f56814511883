import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { confirmTotp, type Enrolment, startTotpEnrolment } from './auth-api.js';
import { loginErrorMessage } from './login-errors.js';
import { CodeField, StepError, StepHeading, useStepAction } from './step-parts.js';

/** The base32 secret in groups of four, easier to copy by hand; apps ignore the spaces. */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * First login with no second factor yet: add an authenticator app (QR code, or the key typed by hand), prove it
 * with a code, and receive recovery codes. The confirm call also completes the login (a new session token).
 */
export function TotpEnrolment(props: {
  csrfToken: string;
  focus: boolean;
  onConfirmed: (result: { recoveryCodes: string[]; csrfToken: string }) => void;
}) {
  const { t } = useI18n();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const { busy, error, setError, run } = useStepAction('other');

  useEffect(() => {
    const abort = new AbortController();
    startTotpEnrolment(props.csrfToken, abort.signal).then(setEnrolment, (e: unknown) => {
      if (!abort.signal.aborted) setLoadError(loginErrorMessage(e, t, 'other'));
    });
    return () => abort.abort();
  }, [props.csrfToken, t]);

  const submit = (event: Event) => {
    event.preventDefault();
    const typed = code.replace(/\s+/g, '');
    if (!typed) return setError(t('code.missing'));
    void run(async () => {
      const done = await confirmTotp(props.csrfToken, typed);
      props.onConfirmed({ recoveryCodes: done.recoveryCodes, csrfToken: done.csrfToken ?? props.csrfToken });
    });
  };

  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="enrol-heading">
      <StepHeading id="enrol-heading" icon="phone" focus={props.focus}>
        {t('enrol.heading')}
      </StepHeading>
      <p>{t('enrol.intro')}</p>
      {loadError && <Notice kind="error">{loadError}</Notice>}
      {!enrolment && !loadError && <p role="status">{t('enrol.loading')}</p>}
      {enrolment && (
        <ol class="steps">
          <li>
            <p>{t('enrol.scan')}</p>
            <img
              class="qr-code"
              src={enrolment.qrCodeDataUrl}
              width={240}
              height={240}
              alt={t('enrol.qrAlt')}
            />
            <p>
              <Icon name="key" /> {t('enrol.manual')}
            </p>
            <p>
              <code class="secret" data-testid="totp-secret">
                {groupSecret(enrolment.secret)}
              </code>
            </p>
          </li>
          <li>
            <CodeField
              id="enrol-code"
              label={t('enrol.codeLabel')}
              hint={t('code.hint')}
              icon="lock"
              numeric
              value={code}
              invalid={error !== null}
              onInput={setCode}
            />
            <button class="button" type="submit" aria-disabled={busy}>
              <Icon name="check" /> {busy ? t('busy') : t('enrol.submit')}
            </button>
          </li>
        </ol>
      )}
      <StepError id="enrol-code-error" message={error} />
    </form>
  );
}
