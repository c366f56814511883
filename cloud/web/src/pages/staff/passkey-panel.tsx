import { browserSupportsWebAuthn, startRegistration, WebAuthnError } from '@simplewebauthn/browser';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { useMunicipalTime } from '../../shared/use-municipal-time.js';
import {
  listPasskeys,
  type PasskeyView,
  registerPasskey,
  registrationOptions,
  removePasskey,
} from './passkeys-api.js';

type Outcome = { kind: 'success' | 'error'; text: string } | null;

/** The browser's refusal in plain words: WebAuthn §5.1.3 names the errors, not the person's reason. */
function ceremonyError(e: unknown): string {
  if (e instanceof WebAuthnError && e.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED')
    return 'passkeys.already';
  return 'passkeys.cancelled';
}

/**
 * Issue 10 §1: the person adds, lists and removes their own passkeys. A passkey replaces the app code at login
 * and unlocks a locked night console; the ceremony runs here with @simplewebauthn/browser, the cloud verifies.
 */
export function PasskeyPanel(props: { csrfToken: string }) {
  const { t } = useI18n();
  const municipal = useMunicipalTime();
  const [keys, setKeys] = useState<readonly PasskeyView[] | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [nameMissing, setNameMissing] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const supported = browserSupportsWebAuthn();

  const reload = async (signal?: AbortSignal) => {
    try {
      setKeys(await listPasskeys(signal));
    } catch (e) {
      if (!signal?.aborted) setOutcome({ kind: 'error', text: errorMessage(e, t) });
    }
  };
  useEffect(() => {
    const ctl = new AbortController();
    void reload(ctl.signal);
    return () => ctl.abort();
  }, []);

  const guarded = async (action: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setOutcome(null);
    try {
      await action();
    } catch (e) {
      setOutcome({ kind: 'error', text: errorMessage(e, t) });
    } finally {
      setBusy(false);
    }
  };

  const add = (event: Event) => {
    event.preventDefault();
    if (!supported) return setOutcome({ kind: 'error', text: t('passkeys.unsupported') });
    const label = name.trim();
    setNameMissing(!label);
    if (!label) return setOutcome({ kind: 'error', text: t('passkeys.nameMissing') });
    void guarded(async () => {
      const optionsJSON = await registrationOptions(props.csrfToken);
      let response: unknown;
      try {
        response = await startRegistration({ optionsJSON: optionsJSON as never });
      } catch (e) {
        setOutcome({ kind: 'error', text: t(ceremonyError(e)) });
        return;
      }
      const added = await registerPasskey(props.csrfToken, label, response);
      setName('');
      setOutcome({ kind: 'success', text: t('passkeys.added', { name: added.name }) });
      await reload();
    });
  };

  const remove = (key: PasskeyView) =>
    guarded(async () => {
      await removePasskey(props.csrfToken, key.id);
      setConfirming(null);
      setOutcome({ kind: 'success', text: t('passkeys.removed', { name: key.name }) });
      await reload();
      // The row and its buttons are gone: focus goes back to the panel, not to the top of the page (WCAG 2.4.3).
      heading.current?.focus();
    });

  const date = (iso: string) => municipal(iso, { dateStyle: 'long' });

  return (
    <section class="panel" aria-labelledby="passkeys-heading">
      <h2 id="passkeys-heading" ref={heading} tabIndex={-1}>
        <Icon name="key" /> {t('passkeys.heading')}
      </h2>
      <p>{t('passkeys.what')}</p>
      <p>{t('passkeys.why')}</p>
      {keys === null ? (
        <p role="status">{t('loading')}</p>
      ) : keys.length === 0 ? (
        <p data-testid="passkeys-none">{t('passkeys.none')}</p>
      ) : (
        <ul class="passkey-list" aria-label={t('passkeys.listLabel')}>
          {keys.map((k) => (
            <li key={k.id} data-testid="passkey">
              <div>
                <strong>{k.name}</strong>
                <p class="hint">
                  {t('passkeys.created', { date: date(k.createdAt) })}
                  {k.lastUsedAt && ` · ${t('passkeys.lastUsed', { date: date(k.lastUsedAt) })}`}
                </p>
              </div>
              {confirming === k.id ? (
                <ConfirmRemove
                  question={t('passkeys.confirm', { name: k.name })}
                  busy={busy}
                  onYes={() => void remove(k)}
                  onNo={() => setConfirming(null)}
                />
              ) : (
                <button
                  class="button button-secondary"
                  type="button"
                  aria-label={t('passkeys.removeNamed', { name: k.name })}
                  onClick={() => setConfirming(k.id)}
                >
                  {t('passkeys.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {supported ? (
        <form onSubmit={add} noValidate>
          <div class="field">
            <label for="passkey-name">
              <Icon name="tag" /> {t('passkeys.name')}
            </label>
            <p id="passkey-name-hint" class="hint">
              {t('passkeys.nameHint')}
            </p>
            <input
              id="passkey-name"
              name="passkey-name"
              maxLength={64}
              autocomplete="off"
              aria-describedby={nameMissing ? 'passkey-name-hint passkey-outcome' : 'passkey-name-hint'}
              aria-invalid={nameMissing}
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          </div>
          <button class="button" type="submit" aria-disabled={busy}>
            <Icon name="key" /> {busy ? t('busy') : t('passkeys.add')}
          </button>
        </form>
      ) : (
        <Notice kind="info">{t('passkeys.unsupported')}</Notice>
      )}
      <div id="passkey-outcome">{outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}</div>
    </section>
  );
}

/** "Remove?" as a group; focus lands on the safe answer, so a slip of the Enter key keeps the passkey. */
function ConfirmRemove(props: { question: string; busy: boolean; onYes: () => void; onNo: () => void }) {
  const { t } = useI18n();
  const keep = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => keep.current?.focus(), []);
  return (
    <fieldset class="passkey-confirm">
      <legend>{props.question}</legend>
      <div class="actions">
        <button class="button" type="button" aria-disabled={props.busy} onClick={props.onYes}>
          <Icon name="check" /> {t('passkeys.confirmYes')}
        </button>
        <button ref={keep} class="button button-secondary" type="button" onClick={props.onNo}>
          {t('passkeys.confirmNo')}
        </button>
      </div>
    </fieldset>
  );
}
