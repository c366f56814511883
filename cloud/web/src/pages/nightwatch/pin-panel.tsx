import { useState } from 'preact/hooks';
import { apiFetch, errorMessage } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';

/**
 * "PIN til at låse konsollen op" (issue 10 §1): the member chooses a short PIN that unlocks their idle-locked
 * console while it rings, instead of opening the authenticator app. The server checks the rule
 * (cloud/src/auth/unlock-pin/store.ts) and says plainly what is wrong.
 */
export function PinPanel(props: { csrfToken: string }) {
  const { t } = useI18n();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const send = async (method: 'PUT' | 'DELETE') => {
    if (busy) return;
    setBusy(true);
    setResult(null);
    try {
      await apiFetch('/api/auth/unlock-pin', {
        method,
        headers: { 'x-csrf-token': props.csrfToken },
        ...(method === 'PUT' ? { body: { pin: pin.trim() } } : {}),
        parse: () => null,
      });
      setPin('');
      setResult({ ok: true, text: t(method === 'PUT' ? 'pin.saved' : 'pin.removed') });
    } catch (e) {
      setResult({ ok: false, text: errorMessage(e, t) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel" aria-labelledby="pin-heading">
      <h2 id="pin-heading">
        <Icon name="key" /> {t('pin.heading')}
      </h2>
      <p>{t('pin.explain')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void send('PUT');
        }}
        noValidate
      >
        <div class="field">
          <label for="unlock-pin-new">{t('pin.field')}</label>
          <input
            id="unlock-pin-new"
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            maxLength={8}
            value={pin}
            onInput={(e) => setPin(e.currentTarget.value)}
          />
        </div>
        {result && (
          <Notice kind={result.ok ? 'success' : 'error'}>
            <p role="status">{result.text}</p>
          </Notice>
        )}
        <p>
          <button type="submit" class="button" aria-disabled={busy}>
            <Icon name="key" /> {t('pin.save')}
          </button>{' '}
          <button type="button" class="button button-secondary" onClick={() => void send('DELETE')}>
            {t('pin.remove')}
          </button>
        </p>
      </form>
    </section>
  );
}
