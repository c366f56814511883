import { useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage, isApiError } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { TextField } from '../support/parts.js';
import { readSettings, type Settings, type SettingsChange, saveSettings } from './settings-api.js';

const MINUTE_KINDS = ['medicine', 'reassurance', 'conversation', 'training'] as const;
const ALERT_KEYS = ['offlineHours', 'wipePendingHours', 'poorRttMs', 'poorLossPercent'] as const;
type Minute = (typeof MINUTE_KINDS)[number];
type AlertKey = (typeof ALERT_KEYS)[number];
/** The service case's follow-up times (issue 13 §3), per municipality. */
const CASE_KEYS = ['evaluationDays', 'evaluateEveryDays', 'collectWithinDays'] as const;
type CaseKey = (typeof CASE_KEYS)[number];

/**
 * The number fields as typed: kept as text while the person types (clearing a field and typing 30 gives 30),
 * read and checked only on submit.
 */
type NumberFields = { idle: string; age: string } & Record<`min-${Minute}` | `alert-${AlertKey}`, string> &
  Record<`case-${CaseKey}`, string>;
const numberFields = (s: Settings): NumberFields => ({
  idle: String(s.idleTimeoutMinutes),
  age: String(s.passwordMaxAgeDays ?? 90),
  'case-evaluationDays': s.serviceCase.evaluationDays.join(', '),
  'case-evaluateEveryDays': String(s.serviceCase.evaluateEveryDays),
  'case-collectWithinDays': String(s.serviceCase.collectWithinDays),
  ...(Object.fromEntries(MINUTE_KINDS.map((k) => [`min-${k}`, String(s.minutesSavedPerCall[k])])) as Record<
    `min-${Minute}`,
    string
  >),
  ...(Object.fromEntries(ALERT_KEYS.map((k) => [`alert-${k}`, String(s.alerts[k])])) as Record<
    `alert-${AlertKey}`,
    string
  >),
});

/** A typed number at least `min` (whole when `whole`), or null when the text is not one. */
function readNumber(text: string, min: number, whole: boolean): number | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  if (!Number.isFinite(n)) return null;
  const v = whole ? Math.round(n) : n;
  return v >= min ? v : null;
}

class InvalidNumber extends Error {}

/**
 * The system administrator's settings (issue 12 §5). The server validates each network with ipaddr.js and
 * refuses (409) a list that leaves out the admin's own address; this form then asks,
 * in a modal dialog, before sending the change again with confirmLockout.
 */
export function SettingsForm(props: { csrfToken: string; onLockedOut: () => void }) {
  const { t } = useI18n();
  const [s, setS] = useState<Settings | null>(null);
  const [networks, setNetworks] = useState('');
  const [numbers, setNumbers] = useState<NumberFields | null>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const adopt = (next: Settings) => {
    setS(next);
    setNetworks(next.staffNetworks.join('\n'));
    setNumbers(numberFields(next));
  };
  useEffect(() => {
    readSettings().then(adopt, (e: unknown) => setMessage({ kind: 'error', text: errorMessage(e, t) }));
  }, []);
  if (!s || !numbers)
    return message ? <Notice kind="error">{message.text}</Notice> : <p role="status">{t('loading')}</p>;

  const set = (field: keyof NumberFields) => (v: string) => setNumbers({ ...numbers, [field]: v });
  /** The typed number, or an InvalidNumber naming the field (its label) for the message. */
  const num = (field: keyof NumberFields, label: string, min: number, whole = true): number => {
    const v = readNumber(numbers[field], min, whole);
    if (v === null) throw new InvalidNumber(t('set.invalidNumber', { field: label, min }));
    return v;
  };
  /** "7, 30": one to six whole days of at least 1 (the server's limits), or an InvalidNumber naming the field. */
  const dayList = (text: string, label: string): number[] => {
    const days = text
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map((d) => readNumber(d, 1, true));
    if (days.length === 0 || days.length > 6 || days.some((d) => d === null))
      throw new InvalidNumber(t('set.case.invalidDays', { field: label }));
    return days as number[];
  };
  const change = (confirmLockout: boolean): SettingsChange => ({
    staffNetworks: networks
      .split(/[\n,]/)
      .map((x) => x.trim())
      .filter(Boolean),
    idleTimeoutMinutes: num('idle', t('set.idle'), 1),
    passwordMaxAgeDays: s.passwordMaxAgeDays === null ? null : num('age', t('set.passwordAge'), 1),
    relayOnly: s.relayOnly,
    serviceCase: {
      evaluationDays: dayList(numbers['case-evaluationDays'], t('set.case.evaluationDays')),
      evaluateEveryDays: num('case-evaluateEveryDays', t('set.case.evaluateEveryDays'), 30),
      collectWithinDays: num('case-collectWithinDays', t('set.case.collectWithinDays'), 1),
    },
    minutesSavedPerCall: Object.fromEntries(
      MINUTE_KINDS.map((k) => [k, num(`min-${k}`, t(`set.minutes.${k}`), 0)]),
    ) as Record<Minute, number>,
    alerts: Object.fromEntries(
      ALERT_KEYS.map((k) => [k, num(`alert-${k}`, t(`set.alerts.${k}`), 0, false)]),
    ) as Record<AlertKey, number>,
    pools: s.pools.map((p) => ({
      id: p.id,
      fallbackPhone: p.fallbackPhone?.trim() || null,
      alertPhone: p.alertPhone?.trim() || null,
    })),
    ...(confirmLockout ? { confirmLockout: true } : {}),
  });
  const save = async (confirmLockout: boolean) => {
    setMessage(null);
    let body: SettingsChange;
    try {
      body = change(confirmLockout);
    } catch (e) {
      if (!(e instanceof InvalidNumber)) throw e;
      setMessage({ kind: 'error', text: e.message });
      return;
    }
    setBusy(true);
    try {
      adopt(await saveSettings(props.csrfToken, body));
      setMessage({ kind: 'success', text: t('set.saved') });
      if (confirmLockout) props.onLockedOut();
    } catch (e) {
      // PUT /api/settings answers 409 only for "this list leaves out your own address" (routes.ts).
      if (isApiError(e) && e.status === 409) {
        dialog.current?.showModal();
      } else setMessage({ kind: 'error', text: errorMessage(e, t) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save(false);
      }}
      aria-labelledby="settings-heading"
    >
      <h2 id="settings-heading">{t('set.heading', { name: s.municipality.name })}</h2>
      <div class="field">
        <label for="set-networks">{t('set.networks')}</label>
        <p id="set-networks-hint" class="hint">
          {t('set.networksHint')} {s.yourAddress && t('set.yourAddress', { address: s.yourAddress })}
        </p>
        <textarea
          id="set-networks"
          rows={4}
          value={networks}
          aria-describedby="set-networks-hint"
          onInput={(e) => setNetworks(e.currentTarget.value)}
        />
      </div>
      <TextField
        id="set-idle"
        type="number"
        label={t('set.idle')}
        value={numbers.idle}
        onInput={set('idle')}
      />
      <div class="check-field">
        <input
          type="checkbox"
          id="set-never"
          checked={s.passwordMaxAgeDays === null}
          onChange={(e) => setS({ ...s, passwordMaxAgeDays: e.currentTarget.checked ? null : 90 })}
        />
        <label for="set-never">{t('set.passwordNever')}</label>
      </div>
      {s.passwordMaxAgeDays !== null && (
        <TextField
          id="set-age"
          type="number"
          label={t('set.passwordAge')}
          value={numbers.age}
          onInput={set('age')}
        />
      )}
      <div class="check-field">
        <input
          type="checkbox"
          id="set-relay"
          checked={s.relayOnly}
          aria-describedby="set-relay-hint"
          onChange={(e) => setS({ ...s, relayOnly: e.currentTarget.checked })}
        />
        <label for="set-relay">{t('set.relayOnly')}</label>
      </div>
      <p id="set-relay-hint" class="hint">
        {t('set.relayHint')}
      </p>
      <fieldset>
        <legend>{t('set.minutes')}</legend>
        <div class="field-row">
          {MINUTE_KINDS.map((k) => (
            <TextField
              key={k}
              id={`set-min-${k}`}
              type="number"
              label={t(`set.minutes.${k}`)}
              value={numbers[`min-${k}`]}
              onInput={set(`min-${k}`)}
            />
          ))}
        </div>
      </fieldset>
      {s.pools.length > 0 && (
        <fieldset>
          <legend>{t('set.fallback')}</legend>
          {s.pools.map((p) => (
            <TextField
              key={p.id}
              id={`set-phone-${p.id}`}
              type="tel"
              label={t('set.fallbackFor', { name: p.name })}
              value={p.fallbackPhone ?? ''}
              onInput={(v) =>
                setS({ ...s, pools: s.pools.map((x) => (x.id === p.id ? { ...x, fallbackPhone: v } : x)) })
              }
            />
          ))}
        </fieldset>
      )}
      {s.pools.length > 0 && (
        // Issue 10 §2: the people responsible are told when a pool has people on duty but no console connected.
        <fieldset>
          <legend>{t('set.alertPhone')}</legend>
          {s.pools.map((p) => (
            <TextField
              key={p.id}
              id={`set-alert-phone-${p.id}`}
              type="tel"
              label={t('set.alertPhoneFor', { name: p.name })}
              hint={t('set.alertPhoneHint')}
              value={p.alertPhone ?? ''}
              onInput={(v) =>
                setS({ ...s, pools: s.pools.map((x) => (x.id === p.id ? { ...x, alertPhone: v } : x)) })
              }
            />
          ))}
        </fieldset>
      )}
      <fieldset>
        <legend>{t('set.alerts')}</legend>
        <div class="field-row">
          {ALERT_KEYS.map((k) => (
            <TextField
              key={k}
              id={`set-alert-${k}`}
              type="number"
              label={t(`set.alerts.${k}`)}
              value={numbers[`alert-${k}`]}
              onInput={set(`alert-${k}`)}
            />
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('set.case')}</legend>
        <div class="field-row">
          {CASE_KEYS.map((k) => (
            <TextField
              key={k}
              id={`set-case-${k}`}
              type={k === 'evaluationDays' ? 'text' : 'number'}
              label={t(`set.case.${k}`)}
              value={numbers[`case-${k}`]}
              onInput={set(`case-${k}`)}
            />
          ))}
        </div>
      </fieldset>
      <button type="submit" class="button" disabled={busy}>
        <Icon name="check" /> {t('set.save')}
      </button>
      <div aria-live="polite">{message && <Notice kind={message.kind}>{message.text}</Notice>}</div>
      <dialog ref={dialog} class="confirm" aria-labelledby="lockout-title" aria-describedby="lockout-text">
        <h3 id="lockout-title">{t('set.lockoutTitle')}</h3>
        <p id="lockout-text">{t('set.lockout', { address: s.yourAddress ?? '?' })}</p>
        <div class="button-row">
          <button type="button" class="button button-secondary" onClick={() => dialog.current?.close()}>
            {t('set.lockoutCancel')}
          </button>
          <button
            type="button"
            class="button button-danger"
            onClick={() => {
              dialog.current?.close();
              void save(true);
            }}
          >
            {t('set.lockoutConfirm')}
          </button>
        </div>
      </dialog>
    </form>
  );
}
