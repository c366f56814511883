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

/**
 * What PUT /api/settings accepts for each number field (cloud/src/settings/routes.ts), so the form names the field
 * and its range instead of sending a number the server refuses with a general "some fields are wrong".
 */
const LIMITS: Record<
  Exclude<keyof NumberFields, 'case-evaluationDays'>,
  { min: number; max: number; whole: boolean }
> = {
  idle: { min: 1, max: 24 * 60, whole: true },
  age: { min: 1, max: 3650, whole: true },
  'min-medicine': { min: 0, max: 240, whole: true },
  'min-reassurance': { min: 0, max: 240, whole: true },
  'min-conversation': { min: 0, max: 240, whole: true },
  'min-training': { min: 0, max: 240, whole: true },
  'alert-offlineHours': { min: 1, max: 336, whole: true },
  'alert-wipePendingHours': { min: 1, max: 1440, whole: true },
  'alert-poorRttMs': { min: 50, max: 10_000, whole: true },
  'alert-poorLossPercent': { min: 0.1, max: 100, whole: false },
  'case-evaluateEveryDays': { min: 30, max: 400, whole: true },
  'case-collectWithinDays': { min: 1, max: 90, whole: true },
};
/** The first evaluation days: each a whole day from 1 to 400 (the server's limit). */
const EVALUATION_DAY = { min: 1, max: 400, whole: true };

/** A typed number within `limit` (a whole one when it must be), or null when the text is not one. */
function readNumber(text: string, limit: { min: number; max: number; whole: boolean }): number | null {
  if (text.trim() === '') return null;
  // A Danish decimal comma (0,5) is the same number as 0.5.
  const n = Number(text.trim().replace(',', '.'));
  if (!Number.isFinite(n) || (limit.whole && !Number.isInteger(n))) return null;
  return n >= limit.min && n <= limit.max ? n : null;
}

/** A field a save can refuse: the number fields, and the citizens' help number. */
type CheckedField = keyof NumberFields | 'help-phone';

/** The server's phone rule (settings `citizenHelpPhone`): digits and spaces, optionally a leading +. */
const PHONE = /^\+?[0-9 ]{4,20}$/;

class InvalidNumber extends Error {
  constructor(
    message: string,
    readonly field: CheckedField,
  ) {
    super(message);
  }
}

/**
 * The system administrator's settings (issue 12 §5). The server validates each network with ipaddr.js and
 * refuses (409) a list that leaves out the admin's own address; this form then asks,
 * in a modal dialog, before sending the change again with confirmLockout.
 */
export function SettingsForm(props: { csrfToken: string; onLockedOut: () => void }) {
  const { t, language } = useI18n();
  /** A limit as the page's language writes it (0,1 in Danish). */
  const decimal = (n: number) =>
    n.toLocaleString(language === 'da' ? 'da-DK' : 'en-GB', { useGrouping: false });
  /** The refused field's sentence, shown under it (TextField ties it with aria-describedby). */
  const errorOf = (field: CheckedField) => (invalid?.field === field ? invalid.text : undefined);
  const [s, setS] = useState<Settings | null>(null);
  const [networks, setNetworks] = useState('');
  const [numbers, setNumbers] = useState<NumberFields | null>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  /** The number field the last save refused, with the sentence shown under it. */
  const [invalid, setInvalid] = useState<{ field: CheckedField; text: string } | null>(null);
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
  /** The typed number, or an InvalidNumber naming the field (its label) and the range it takes. */
  const num = (field: keyof typeof LIMITS, label: string): number => {
    const limit = LIMITS[field];
    const v = readNumber(numbers[field], limit);
    if (v === null) {
      const range = { field: label, min: decimal(limit.min), max: decimal(limit.max) };
      throw new InvalidNumber(t(limit.whole ? 'set.invalidNumber' : 'set.invalidDecimal', range), field);
    }
    return v;
  };
  /** "7, 30": one to six whole days of at least 1 (the server's limits), or an InvalidNumber naming the field. */
  const dayList = (text: string, label: string): number[] => {
    const days = text
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map((d) => readNumber(d, EVALUATION_DAY));
    if (days.length === 0 || days.length > 6 || days.some((d) => d === null))
      throw new InvalidNumber(t('set.case.invalidDays', { field: label }), 'case-evaluationDays');
    return days as number[];
  };
  /** The help number as saved (blank is none), or an InvalidNumber shown under its field. */
  const helpPhone = (): string | null => {
    const typed = s.citizenHelpPhone?.trim() || null;
    if (typed !== null && !PHONE.test(typed))
      throw new InvalidNumber(t('set.helpPhoneInvalid'), 'help-phone');
    return typed;
  };
  const change = (confirmLockout: boolean): SettingsChange => ({
    staffNetworks: networks
      .split(/[\n,]/)
      .map((x) => x.trim())
      .filter(Boolean),
    idleTimeoutMinutes: num('idle', t('set.idle')),
    passwordMaxAgeDays: s.passwordMaxAgeDays === null ? null : num('age', t('set.passwordAge')),
    relayOnly: s.relayOnly,
    citizenHelpPhone: helpPhone(),
    serviceCase: {
      evaluationDays: dayList(numbers['case-evaluationDays'], t('set.case.evaluationDays')),
      evaluateEveryDays: num('case-evaluateEveryDays', t('set.case.evaluateEveryDays')),
      collectWithinDays: num('case-collectWithinDays', t('set.case.collectWithinDays')),
    },
    minutesSavedPerCall: Object.fromEntries(
      MINUTE_KINDS.map((k) => [k, num(`min-${k}`, t(`set.minutes.${k}`))]),
    ) as Record<Minute, number>,
    alerts: Object.fromEntries(ALERT_KEYS.map((k) => [k, num(`alert-${k}`, t(`set.alerts.${k}`))])) as Record<
      AlertKey,
      number
    >,
    pools: s.pools.map((p) => ({
      id: p.id,
      fallbackPhone: p.fallbackPhone?.trim() || null,
      alertPhone: p.alertPhone?.trim() || null,
    })),
    ...(confirmLockout ? { confirmLockout: true } : {}),
  });
  const save = async (confirmLockout: boolean) => {
    setMessage(null);
    setInvalid(null);
    let body: SettingsChange;
    try {
      body = change(confirmLockout);
    } catch (e) {
      if (!(e instanceof InvalidNumber)) throw e;
      setMessage({ kind: 'error', text: e.message });
      setInvalid({ field: e.field, text: e.message });
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
        hint={t('set.idleHint')}
        error={errorOf('idle')}
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
          hint={t('set.passwordAgeHint')}
          error={errorOf('age')}
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
      <TextField
        id="set-help-phone"
        type="tel"
        label={t('set.helpPhone')}
        hint={t('set.helpPhoneHint')}
        error={errorOf('help-phone')}
        value={s.citizenHelpPhone ?? ''}
        onInput={(v) => setS({ ...s, citizenHelpPhone: v })}
      />
      <fieldset>
        <legend>{t('set.minutes')}</legend>
        <div class="field-row">
          {MINUTE_KINDS.map((k) => (
            <TextField
              key={k}
              id={`set-min-${k}`}
              type="number"
              label={t(`set.minutes.${k}`)}
              error={errorOf(`min-${k}`)}
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
              error={errorOf(`alert-${k}`)}
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
              error={errorOf(`case-${k}`)}
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
