import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { useMunicipalTime } from '../../shared/use-municipal-time.js';
import { failureText } from './action-failure.js';
import { type AutoAnswerPolicy, readAutoAnswer } from './auto-answer-api.js';
import { doNotDisturbHolds, kioskEditLabel, kioskSentence } from './auto-answer-text.js';
import { type DeviceSettings, pushConfig } from './devices-api.js';
import { ActionError, TextField, useAction } from './parts.js';
import type { Unit } from './support-api.js';
import { useSupportNav } from './support-nav.js';

const DEFAULTS: DeviceSettings = {
  volume: 70,
  brightness: 80,
  autoAnswer: { enabled: false, countdownSeconds: 10 },
  quietHours: null,
  nightWatch: { enabled: false },
};

/**
 * The kiosk's target configuration (PUT /api/devices/{id}/config): volume, brightness, quiet hours and the
 * night-watch pool, chosen by its name. The kiosk acknowledges the version it applied; the page shows it.
 *
 * No auto-answer field: whether a call answers by itself is the borrower's policy, decided by the cloud per call
 * (cloud/src/care/auto-answer.ts) and sent as CallIncoming.autoAnswerAfterMs; the kiosk agent never read
 * DeviceConfig.autoAnswer, so a checkbox here said "off" while the kiosk answered. The form shows the borrower's
 * policy read-only, with a button to the borrower's card under Borgere where it is changed, and sends the stored
 * DeviceConfig.autoAnswer back unchanged (the wire keeps the field).
 */
export function DeviceSettingsForm(props: {
  csrfToken: string;
  deviceId: string;
  current: (DeviceSettings & { contacts?: unknown }) | null;
  pools: readonly Unit[];
  /** Whom the kiosk is lent to (null: not lent, no auto-answer line). */
  borrower: { id: string; name: string } | null;
  /** The kiosk's label, for the way back from the borrower's card. */
  label: string;
  /** When the kiosk page last re-read the kiosk (its 2 s poll): the borrower's policy is re-read with it. */
  polledAt: number | undefined;
  onSent: (version: number) => void;
}) {
  const { t } = useI18n();
  const start = props.current ?? DEFAULTS;
  const [s, setS] = useState<DeviceSettings>({
    volume: start.volume,
    brightness: start.brightness,
    autoAnswer: start.autoAnswer,
    quietHours: start.quietHours,
    nightWatch: start.nightWatch,
  });
  const [quiet, setQuiet] = useState(start.quietHours ?? { start: '22:00', end: '07:00' });
  const { busy, error, run } = useAction();
  const pct = (v: string) => Math.min(100, Math.max(0, Math.round(Number(v) || 0)));
  const poolId = s.nightWatch.poolId ?? props.pools[0]?.id;
  const send = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const body: DeviceSettings = {
        ...s,
        quietHours: s.quietHours ? quiet : null,
        nightWatch: s.nightWatch.enabled && poolId ? { enabled: true, poolId } : { enabled: false },
      };
      const pushed = await pushConfig(props.csrfToken, props.deviceId, body);
      props.onSent(pushed.version);
    });
  };
  return (
    <form onSubmit={send} aria-labelledby="device-settings-heading">
      <h3 id="device-settings-heading">{t('settings.heading')}</h3>
      <div class="field-row">
        <TextField
          id="set-volume"
          type="number"
          label={t('settings.volume')}
          value={String(s.volume)}
          onInput={(v) => setS({ ...s, volume: pct(v) })}
        />
        <TextField
          id="set-brightness"
          type="number"
          label={t('settings.brightness')}
          value={String(s.brightness)}
          onInput={(v) => setS({ ...s, brightness: pct(v) })}
        />
      </div>
      <BorrowerAutoAnswer borrower={props.borrower} label={props.label} polledAt={props.polledAt} />
      <div class="check-field">
        <input
          type="checkbox"
          id="set-quiet"
          checked={s.quietHours !== null}
          onChange={(e) => setS({ ...s, quietHours: e.currentTarget.checked ? quiet : null })}
        />
        <label for="set-quiet">{t('settings.quiet')}</label>
      </div>
      {s.quietHours !== null && (
        <div class="field-row">
          <div class="field">
            <label for="set-quiet-from">{t('settings.quietFrom')}</label>
            <input
              id="set-quiet-from"
              type="time"
              value={quiet.start}
              onInput={(e) => setQuiet({ ...quiet, start: e.currentTarget.value })}
            />
          </div>
          <div class="field">
            <label for="set-quiet-to">{t('settings.quietTo')}</label>
            <input
              id="set-quiet-to"
              type="time"
              value={quiet.end}
              onInput={(e) => setQuiet({ ...quiet, end: e.currentTarget.value })}
            />
          </div>
        </div>
      )}
      <div class="check-field">
        <input
          type="checkbox"
          id="set-nightwatch"
          checked={s.nightWatch.enabled}
          onChange={(e) => setS({ ...s, nightWatch: { ...s.nightWatch, enabled: e.currentTarget.checked } })}
        />
        <label for="set-nightwatch">{t('settings.nightWatch')}</label>
      </div>
      {s.nightWatch.enabled &&
        (props.pools.length === 0 ? (
          <p>{t('settings.noPools')}</p>
        ) : (
          <div class="field">
            <label for="set-pool">{t('settings.pool')}</label>
            <select
              id="set-pool"
              value={poolId}
              onChange={(e) => setS({ ...s, nightWatch: { enabled: true, poolId: e.currentTarget.value } })}
            >
              {props.pools.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        ))}
      <button type="submit" class="button" disabled={busy}>
        <Icon name="check" /> {t('settings.send')}
      </button>
      <ActionError error={error} />
    </form>
  );
}

/**
 * The borrower's auto-answer policy in one read-only line, and a button to where it is changed (the borrower's
 * card under Borgere). Re-read with each of the kiosk page's polls and on each return to it, so the line says what
 * support just saved on the card, or a colleague meanwhile; the last line read stays until the next one arrives.
 */
function BorrowerAutoAnswer(props: {
  borrower: { id: string; name: string } | null;
  label: string;
  polledAt: number | undefined;
}) {
  const { t, language } = useI18n();
  const municipal = useMunicipalTime();
  const nav = useSupportNav();
  const edit = useRef<HTMLButtonElement>(null);
  const [policy, setPolicy] = useState<{ citizenId: string; policy: AutoAnswerPolicy } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const citizenId = props.borrower?.id ?? null;
  const returns = nav?.returns ?? 0;
  useEffect(() => {
    if (!citizenId) return;
    const abort = new AbortController();
    // Passive: it follows the page's own re-read (polledAt); the person's opening of the page was that read.
    readAutoAnswer(citizenId, abort.signal, true).then(
      (p) => {
        setFailed(null);
        setPolicy({ citizenId, policy: p });
      },
      (e: unknown) => !abort.signal.aborted && setFailed(failureText(e, t)),
    );
    return () => abort.abort();
  }, [citizenId, props.polledAt, returns]);
  // Back from the borrower's card, focus is where the person left (WCAG 2.2 SC 2.4.3); not on first showing.
  const returnsAtMount = useRef(returns);
  useEffect(() => {
    if (returns !== returnsAtMount.current) edit.current?.focus();
  }, [returns]);
  if (!props.borrower) return null;
  const borrower = props.borrower;
  const shown = policy?.citizenId === borrower.id ? policy.policy : null;
  const holds = shown ? doNotDisturbHolds(shown) : null;
  const dnd = holds ? municipal(holds, { dateStyle: 'long', timeStyle: 'short' }) : null;
  return (
    <div data-testid="kiosk-auto-answer">
      <p>
        <strong>{t('autoAnswer.kioskLabel')}:</strong>{' '}
        {failed ?? (shown ? kioskSentence(t, shown, borrower.name, language) : t('loading'))}
      </p>
      {/* While "forstyr ikke" holds nothing answers by itself, whatever the line above says: said here too, so
          support looking into "why did the kiosk not answer by itself" finds it on the kiosk's page. */}
      {!failed && dnd && <p data-testid="kiosk-auto-answer-dnd">{t('autoAnswer.dnd', { until: dnd })}</p>}
      {nav && (
        <p>
          <button
            type="button"
            class="button button-secondary"
            ref={edit}
            onClick={() => nav.openCitizen(borrower, props.label)}
          >
            <Icon name="heart" /> {kioskEditLabel(t, borrower.name, language)}
          </button>
        </p>
      )}
    </div>
  );
}
